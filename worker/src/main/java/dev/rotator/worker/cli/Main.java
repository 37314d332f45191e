package dev.rotator.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar rotator.jar <command>}. */
@Command(name = "rotator", mixinStandardHelpOptions = true, version = "rotator 0.1.0",
        description = "Self-hosted secret rotation engine speaking the Alibaba Cloud KMS secrets API.",
        subcommands = {ServeCommand.class, TlsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
