package dev.rotator.worker.config;

import dev.rotator.core.spi.Target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The worker's configuration. Read from YAML (see {@link ConfigLoader}), every leaf overridable
 * by an environment variable: {@code ROTATOR_} + the path in upper snake case, e.g.
 * {@code ROTATOR_SERVER_PORT}, {@code ROTATOR_STORE_URL}, {@code ROTATOR_ROTATION_MAX_ATTEMPTS}; but for
 * {@code targets}, a list that only the file sets. docs/configuration.md describes every setting.
 *
 * @param targets the systems secrets rotate credentials on, each with its kind's settings (never a credential:
 *                a target names the secret that holds its management credential)
 */
public record WorkerConfig(String dataDir, Server server, Store store, Scheduler scheduler, Rotation rotation,
                           Shutdown shutdown, Kms kms, KmsInstance kmsInstance, List<Target> targets) {

    public WorkerConfig {
        kmsInstance = kmsInstance == null ? KmsInstance.NONE : kmsInstance;
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** Without a KMS instance. */
    public WorkerConfig(String dataDir, Server server, Store store, Scheduler scheduler, Rotation rotation,
                        Shutdown shutdown, Kms kms, List<Target> targets) {
        this(dataDir, server, store, scheduler, rotation, shutdown, kms, KmsInstance.NONE, targets);
    }

    /** Without targets. */
    public WorkerConfig(String dataDir, Server server, Store store, Scheduler scheduler, Rotation rotation,
                        Shutdown shutdown, Kms kms) {
        this(dataDir, server, store, scheduler, rotation, shutdown, kms, List.of());
    }

    /** Without the kms section and targets: the default region and account. */
    public WorkerConfig(String dataDir, Server server, Store store, Scheduler scheduler, Rotation rotation,
                        Shutdown shutdown) {
        this(dataDir, server, store, scheduler, rotation, shutdown, Kms.DEFAULTS);
    }

    public static WorkerConfig defaults() {
        return new WorkerConfig("./data", new Server("127.0.0.1", 8080), new Store("", "", "", 10),
                new Scheduler(4, "auto", "7500ms"), new Rotation(4, "2s", "30s", "10m"), new Shutdown("30s"),
                Kms.DEFAULTS, KmsInstance.NONE, List.of());
    }

    public WorkerConfig withTargets(List<Target> newTargets) {
        return new WorkerConfig(dataDir, server, store, scheduler, rotation, shutdown, kms, kmsInstance, newTargets);
    }

    public WorkerConfig withKmsInstance(KmsInstance instance) {
        return new WorkerConfig(dataDir, server, store, scheduler, rotation, shutdown, kms, instance, targets);
    }

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    /** Checks every value and returns this configuration; a bad one fails naming the field and the rule. */
    public WorkerConfig validate() {
        return validate(field -> field);
    }

    /**
     * @param name how errors name a field; the loader adds where its value came from, e.g.
     *             {@code server.port (from ROTATOR_SERVER_PORT)}. Messages never quote a string
     *             that may be secret (the password, the store URL).
     */
    WorkerConfig validate(UnaryOperator<String> name) {
        check(!blank(dataDir), name.apply("dataDir"), "must not be empty");
        check(!blank(server.host()), name.apply("server.host"), "must not be empty");
        check(server.port() >= 0 && server.port() <= 65535, name.apply("server.port"),
                "must be between 0 and 65535 (0 picks a free port), got " + server.port());
        check(blank(store.url()) || store.url().matches("(?s)jdbc:(h2|postgresql|mariadb|mysql):.*"),
                name.apply("store.url"), "must be empty (the embedded H2 database) or a jdbc:postgresql:, "
                        + "jdbc:mariadb:, jdbc:mysql: or jdbc:h2: URL");
        check(store.poolSize() >= 1, name.apply("store.poolSize"), "must be at least 1, got " + store.poolSize());
        check(scheduler.threads() >= 1, name.apply("scheduler.threads"), "must be at least 1, got "
                + scheduler.threads());
        check(scheduler.clustered() != null
                        && Set.of("auto", "true", "false").contains(scheduler.clustered().toLowerCase(Locale.ROOT)),
                name.apply("scheduler.clustered"), "must be auto, true or false, got '" + scheduler.clustered() + "'");
        // Each check-in is a write to the store by every worker: more often than each second is not worth it, as
        // Quartz adds 7.5 s to it before it declares a worker dead anyway.
        check(duration("scheduler.checkinInterval", scheduler.checkinInterval(), name).toMillis() >= 1000,
                name.apply("scheduler.checkinInterval"), "must be at least 1s");
        check(rotation.maxAttempts() >= 1, name.apply("rotation.maxAttempts"), "must be at least 1, got "
                + rotation.maxAttempts());
        Duration initial = duration("rotation.initialBackoff", rotation.initialBackoff(), name);
        Duration max = duration("rotation.maxBackoff", rotation.maxBackoff(), name);
        check(max.compareTo(initial) >= 0, name.apply("rotation.maxBackoff"), "must not be shorter than "
                + name.apply("rotation.initialBackoff"));
        // A lease of 0 would expire as soon as it is taken: two workers could rotate one secret at once.
        check(!duration("rotation.lockLease", rotation.lockLease(), name).isZero(), name.apply("rotation.lockLease"),
                "must be longer than 0");
        duration("shutdown.grace", shutdown.grace(), name);
        // Both go into ARNs (acs:kms:<region>:<account>:key/...), where a ':' or '/' would break parsing.
        check(kms.regionId() != null && kms.regionId().matches("[a-z0-9]+(-[a-z0-9]+)*"), name.apply("kms.regionId"),
                "must be a region id such as cn-hangzhou (lower-case letters, digits and single hyphens), got '"
                        + kms.regionId() + "'");
        check(kms.accountId() != null && kms.accountId().matches("[0-9]{1,32}"), name.apply("kms.accountId"),
                "must be an account id of 1 to 32 digits, got '" + kms.accountId() + "'");
        kmsInstance.validate(name);
        TargetRules.validate(targets, name);
        return this;
    }

    private static Duration duration(String field, String text, UnaryOperator<String> name) {
        Duration d = Durations.parseOrNull(text);
        check(d != null, name.apply(field), Durations.RULE + ", got '" + text + "'");
        return d;
    }

    static void check(boolean ok, String field, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("configuration: " + field + " " + rule);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
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
            return blank(url) ? "jdbc:h2:file:" + dataDir.resolve("rotator") : url;
        }

        /** The URL fit for logs: a password given in it (user:pw@host, password=...) is masked. */
        public static String redact(String url) {
            return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1******")
                    .replaceAll("(//[^/:@]*:)[^/@]*@", "$1******@");
        }

        @Override
        public String toString() {
            return "Store[url=" + redact(url) + ", username=" + username + ", password=******, poolSize=" + poolSize
                    + "]";
        }
    }

    /**
     * @param clustered       "auto" (clustered on PostgreSQL and MySQL, not on embedded H2), "true" or "false"
     * @param checkinInterval how often a clustered worker tells the others it is alive (Quartz's
     *                        clusterCheckinInterval); one silent for this long plus 7.5 s is declared dead
     */
    public record Scheduler(int threads, String clustered, String checkinInterval) {
        public Duration checkinIntervalDuration() {
            return Durations.parse("scheduler.checkinInterval", checkinInterval);
        }
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

    /**
     * What ARNs show: {@code acs:kms:<regionId>:<accountId>:secret/<name>} and {@code ...:key/<keyId>}.
     * A self-hosted worker has no region or account; these only shape ARNs (and a key's Creator).
     */
    public record Kms(String regionId, String accountId) {
        public static final Kms DEFAULTS = new Kms("cn-hangzhou", "1234567890123456");

        /** {@code acs:kms:<regionId>:<accountId>:} */
        public String arnPrefix() {
            return "acs:kms:" + regionId + ":" + accountId + ":";
        }
    }

    /**
     * An Alibaba KMS instance this worker is a client of (through the official kms20160120 SDK): it wraps the
     * data keys of stored values ({@code dataKeyId}) and/or keeps the secrets themselves ({@code secretNames} or
     * {@code secretTag}). All empty: none. The AccessKey secret is never in this file: it is read from
     * {@code accessKeySecretFile} or from the environment variable {@code accessKeySecretEnv} names.
     *
     * @param endpoint    {@code host:port}, or with {@code https://} (HTTPS is the default) or {@code http://}
     * @param caFile      PEM certificate(s) to trust for the instance's HTTPS; empty: the JDK's default trust
     * @param instanceId  the KMS instance id, sent as DKMSInstanceId where secrets are created
     * @param secretNames comma-separated names of the secrets this worker keeps in the instance
     * @param secretTag   {@code key=value}: this worker keeps the secrets carrying that tag, and tags those it creates
     */
    public record KmsInstance(String endpoint, String caFile, String accessKeyId, String accessKeySecretFile,
                              String accessKeySecretEnv, String instanceId, String dataKeyId, String secretNames,
                              String secretTag) {
        public static final KmsInstance NONE = new KmsInstance("", "", "", "", "", "", "", "", "");

        /** Data keys are wrapped by a key of the instance rather than by the local key ring. */
        public boolean wrapsDataKeys() {
            return !blank(dataKeyId);
        }

        /** Secrets live in the instance rather than in the embedded database. */
        public boolean storesSecrets() {
            return !blank(secretNames) || !blank(secretTag);
        }

        /** The names {@code secretNames} lists, trimmed, empty entries dropped. */
        public List<String> names() {
            return blank(secretNames) ? List.of() : java.util.Arrays.stream(secretNames.split(","))
                    .map(String::trim).filter(n -> !n.isEmpty()).distinct().toList();
        }

        void validate(UnaryOperator<String> name) {
            boolean used = wrapsDataKeys() || storesSecrets();
            if (!used) {
                check(blank(endpoint), name.apply("kmsInstance.endpoint"), "is set, but neither "
                        + name.apply("kmsInstance.dataKeyId") + " nor " + name.apply("kmsInstance.secretNames") + " or "
                        + name.apply("kmsInstance.secretTag") + " uses it");
                return;
            }
            check(!blank(endpoint) && endpoint.trim().matches("(?:https?://)?[^/\\s]+(?::[0-9]{1,5})?/?"),
                    name.apply("kmsInstance.endpoint"), "must be HOST:PORT (optionally with https:// or http://)");
            check(!blank(accessKeyId), name.apply("kmsInstance.accessKeyId"), "must not be empty");
            check(blank(accessKeySecretFile) != blank(accessKeySecretEnv), name.apply("kmsInstance.accessKeySecretFile"),
                    "or " + name.apply("kmsInstance.accessKeySecretEnv") + " must be set, exactly one of them");
            check(blank(secretNames) || blank(secretTag), name.apply("kmsInstance.secretNames"), "and "
                    + name.apply("kmsInstance.secretTag") + " exclude each other: choose the names or the tag");
            check(blank(secretTag) || secretTag.matches("[^=\\s][^=]*=.+"), name.apply("kmsInstance.secretTag"),
                    "must be key=value");
        }

        @Override
        public String toString() {
            return "KmsInstance[endpoint=" + endpoint + ", caFile=" + caFile + ", accessKeyId=" + accessKeyId
                    + ", accessKeySecret=from " + (blank(accessKeySecretFile) ? "$" + accessKeySecretEnv
                    : accessKeySecretFile) + ", instanceId=" + instanceId + ", dataKeyId=" + dataKeyId
                    + ", secretNames=" + secretNames + ", secretTag=" + secretTag + "]";
        }
    }
}
