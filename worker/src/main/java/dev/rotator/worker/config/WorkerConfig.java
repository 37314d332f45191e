package dev.rotator.worker.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The worker's configuration. Read from YAML (see {@link ConfigLoader}), every leaf overridable
 * by an environment variable: {@code ROTATOR_} + the path in upper snake case, e.g.
 * {@code ROTATOR_SERVER_PORT}, {@code ROTATOR_STORE_URL}, {@code ROTATOR_ROTATION_MAX_ATTEMPTS}.
 */
public record WorkerConfig(String dataDir, Server server, Store store, Scheduler scheduler, Rotation rotation,
                           Shutdown shutdown) {

    public static WorkerConfig defaults() {
        return new WorkerConfig("./data", new Server("127.0.0.1", 8080), new Store("", "", "", 10),
                new Scheduler(4, "auto"), new Rotation(4, "2s", "30s", "10m"), new Shutdown("30s"));
    }

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    /**
     * @param host                         the address to listen on; loopback by default
     * @param tls                          PEM files that turn on HTTPS (both empty: plain HTTP)
     * @param allowPlaintextBeyondLoopback plain HTTP on a non-loopback host, for a TLS proxy in front; off by default
     */
    public record Server(String host, int port, Tls tls, boolean allowPlaintextBeyondLoopback) {
        public Server(String host, int port) {
            this(host, port, Tls.NONE, false);
        }

        public Server withPort(int newPort) {
            return new Server(host, newPort, tls, allowPlaintextBeyondLoopback);
        }
    }

    /** @param certFile the certificate chain (leaf first), PEM; @param keyFile its private key, PEM */
    public record Tls(String certFile, String keyFile) {
        public static final Tls NONE = new Tls("", "");

        /** On when either file is set (a missing other one is then a start-up error naming it). */
        public boolean enabled() {
            return !(certFile == null || certFile.isBlank()) || !(keyFile == null || keyFile.isBlank());
        }
    }

    /**
     * @param url empty for the embedded H2 file database under the data directory; otherwise a
     *            jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL
     */
    public record Store(String url, String username, String password, int poolSize) {
        /** The JDBC URL actually used: the embedded default when none is configured. */
        public String jdbcUrl(Path dataDir) {
            return url == null || url.isBlank() ? "jdbc:h2:file:" + dataDir.resolve("rotator") : url;
        }

        @Override
        public String toString() {
            return "Store[url=" + url + ", username=" + username + ", password=******, poolSize=" + poolSize + "]";
        }
    }

    /**
     * @param clustered "auto" (clustered on PostgreSQL and MySQL, not on embedded H2), "true" or "false"
     */
    public record Scheduler(int threads, String clustered) {
    }

    /** Retries of a failing step, and how long a worker may hold a secret's rotation lock without renewing it. */
    public record Rotation(int maxAttempts, String initialBackoff, String maxBackoff, String lockLease) {
        public Duration initialBackoffDuration() {
            return Durations.parse("rotation.initialBackoff", initialBackoff);
        }

        public Duration maxBackoffDuration() {
            return Durations.parse("rotation.maxBackoff", maxBackoff);
        }

        public Duration lockLeaseDuration() {
            return Durations.parse("rotation.lockLease", lockLease);
        }
    }

    /** @param grace how long SIGTERM waits for running rotation steps before the worker exits */
    public record Shutdown(String grace) {
        public Duration graceDuration() {
            return Durations.parse("shutdown.grace", grace);
        }
    }
}
