package dev.rotator.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code java -jar rotator.jar <command>}. */
@Command(name = "rotator", mixinStandardHelpOptions = true, version = "rotator 0.1.0",
        description = "Self-hosted secret rotation engine speaking the Alibaba Cloud KMS secrets API.",
        subcommands = {ServeCommand.class, TlsCommand.class, SecretCommand.class, KeyCommand.class,
                AccessKeyCommand.class, TargetCommand.class},
        exitCodeListHeading = "%nExit status (client commands; see docs/cli.md):%n",
        exitCodeList = {"0:success", "1:other failure", "2:usage, or a parameter the API refused",
                "3:not found", "4:no or wrong credentials, or not permitted", "5:conflict with the secret's state",
                "6:the worker cannot be reached", "7:secret rotate --wait: the rotation failed",
                "8:secret rotate --wait: timed out"},
        footer = "%nClient commands take --endpoint, --ca and --key-file; see docs/cli.md.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as {@code main} runs it: errors of client commands become one line and an exit
     * status, and output is UTF-8 whatever the locale, so that secret values come out unchanged.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new CliErrors())
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
