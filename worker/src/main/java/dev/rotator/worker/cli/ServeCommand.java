package dev.rotator.worker.cli;

import dev.rotator.worker.Worker;
import dev.rotator.worker.config.ConfigLoader;
import dev.rotator.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code rotator serve}: runs the worker until SIGTERM or SIGINT, then stops it gracefully and
 * exits 0. Flags win over environment variables, which win over the config file.
 */
@Command(name = "serve", description = "Start the worker daemon.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--data-dir", description = "Data directory (default ./data); wins over ROTATOR_DATA_DIR and dataDir.")
    Path dataDir;

    @Option(names = "--port", description = "HTTP port (default 8080, 0 for any free one); wins over ROTATOR_SERVER_PORT and server.port.")
    Integer port;

    @Option(names = "--config", description = "YAML configuration file (see docs/configuration.md).")
    Path config;

    @Override
    public Integer call() {
        CountDownLatch stop = new CountDownLatch(1);
        // Handling the signals ourselves (rather than in a shutdown hook) lets the process exit 0.
        // They are taken before the worker starts: its port answers before Worker.start returns, and
        // a SIGTERM in that window would otherwise kill it with 143, without a graceful stop.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Worker worker;
        try {
            // Configuration errors too are one clear line, not a stack trace from picocli.
            worker = Worker.start(configuration(System.getenv()));
        } catch (RuntimeException e) {
            LOG.error("worker failed to start: {}", e.getMessage());
            return 1;
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
        return 0;
    }

    /** The configuration this command runs with: flags over the environment over the file over defaults. */
    WorkerConfig configuration(Map<String, String> env) {
        List<ConfigLoader.Setting> flags = new ArrayList<>();
        if (dataDir != null) {
            flags.add(new ConfigLoader.Setting("dataDir", dataDir.toString(), "--data-dir"));
        }
        if (port != null) {
            flags.add(new ConfigLoader.Setting("server.port", port.toString(), "--port"));
        }
        return ConfigLoader.load(config, env, flags);
    }
}
