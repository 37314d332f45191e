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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code rotator serve}: runs the worker until SIGTERM or SIGINT, then stops it gracefully and
 * exits 0. Flags win over environment variables, which win over the config file.
 */
@Command(name = "serve", description = "Start the worker daemon.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--data-dir", description = "Data directory (default ./data).")
    Path dataDir;

    @Option(names = "--port", description = "HTTP port (default 8080).")
    Integer port;

    @Option(names = "--config", description = "YAML configuration file.")
    Path config;

    @Override
    public Integer call() {
        WorkerConfig loaded = ConfigLoader.load(config, System.getenv());
        WorkerConfig effective = new WorkerConfig(dataDir != null ? dataDir.toString() : loaded.dataDir(),
                port != null ? loaded.server().withPort(port) : loaded.server(),
                loaded.store(), loaded.scheduler(), loaded.rotation(), loaded.shutdown());
        Worker worker;
        try {
            worker = Worker.start(effective);
        } catch (RuntimeException e) {
            LOG.error("worker failed to start: {}", e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Handling the signals ourselves (rather than in a shutdown hook) lets the process exit 0.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
        return 0;
    }
}
