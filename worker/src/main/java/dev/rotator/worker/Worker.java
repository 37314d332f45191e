package dev.rotator.worker;

import dev.rotator.core.SecretType;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.spi.Target;
import dev.rotator.core.validation.SecretRules;
import dev.rotator.worker.api.HttpApi;
import dev.rotator.worker.api.admin.AdminApi;
import dev.rotator.worker.api.admin.TargetDirectory;
import dev.rotator.worker.api.openapi.KmsActions;
import dev.rotator.worker.api.openapi.KmsApi;
import dev.rotator.worker.api.openapi.KmsDispatcher;
import dev.rotator.worker.api.openapi.RequestAuthenticator;
import dev.rotator.worker.api.openapi.keys.KeyActions;
import dev.rotator.worker.api.openapi.secrets.SecretActions;
import dev.rotator.worker.auth.AccessKeyStore;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.auth.Authorizer;
import dev.rotator.worker.auth.NonceCache;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.crypto.DataKeyWrapper;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.KmsDataKeyWrapper;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.keys.KeyService;
import dev.rotator.worker.kms.KmsSecretStore;
import dev.rotator.worker.kms.RemoteKms;
import dev.rotator.worker.schedule.DeletionPurger;
import dev.rotator.worker.metrics.ApiMetrics;
import dev.rotator.worker.metrics.MetricsRegistry;
import dev.rotator.worker.metrics.RotationMetrics;
import dev.rotator.worker.metrics.SecretStateMetrics;
import dev.rotator.worker.schedule.QuartzInstanceLiveness;
import dev.rotator.worker.schedule.RotationScheduler;
import dev.rotator.worker.schedule.SchedulerInstance;
import dev.rotator.worker.store.Database;
import dev.rotator.worker.store.JdbcSecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The daemon, wired: store, key ring, engine, scheduler and HTTP server, started in that order and stopped in reverse. */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** How often secrets whose recovery window ended are removed. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    /** How long one count of secrets by state serves /metrics scrapes. */
    private static final Duration SECRET_COUNT_CACHE = Duration.ofSeconds(5);
    /**
     * Signed requests accepted per 15-minute window before Rejected.Throttling: about 4,400 per second
     * sustained, for at most ~85 MB of fingerprints (NonceCache); bursts far above that are fine.
     */
    private static final int MAX_LIVE_NONCES = 4_000_000;

    private final WorkerConfig config;
    private final Database database;
    private final JdbcSecretStore store;
    private final RotationScheduler scheduler;
    private final RotationEngine engine;
    private final SecretService secrets;
    private final HttpApi http;
    private final DeletionPurger purger;
    private final ApiMetrics apiMetrics;
    private final AccessKeyStore accessKeys;

    private Worker(WorkerConfig config, Database database, JdbcSecretStore store, RotationScheduler scheduler,
                   RotationEngine engine, SecretService secrets, HttpApi http, DeletionPurger purger,
                   ApiMetrics apiMetrics, AccessKeyStore accessKeys) {
        this.config = config;
        this.database = database;
        this.store = store;
        this.scheduler = scheduler;
        this.engine = engine;
        this.secrets = secrets;
        this.http = http;
        this.purger = purger;
        this.apiMetrics = apiMetrics;
        this.accessKeys = accessKeys;
    }

    /**
     * Starts everything, or nothing: when a step fails, what already started is stopped again in
     * reverse order (HTTP server, scheduler, database), so the data directory and port are free
     * for the next attempt.
     */
    public static Worker start(WorkerConfig config) {
        return start(config, Map.of());
    }

    /**
     * {@link #start(WorkerConfig)} with {@code overrides} in place of the rotators found on the class path for
     * their types. For tests, which bring fake targets: a services file in test scope would clash with the real
     * rotator of its type (the registry refuses two) and would reach every worker the tests start.
     */
    public static Worker start(WorkerConfig config, Map<SecretType, Rotator> overrides) {
        return start(config, overrides, Clock.systemUTC());
    }

    /**
     * {@link #start(WorkerConfig, Map)} whose rotation engine and scheduler keep time by {@code rotationClock}: for
     * tests that move past an overlap window without waiting (request signatures still check the system clock).
     */
    public static Worker start(WorkerConfig config, Map<SecretType, Rotator> overrides, Clock rotationClock) {
        config.validate();
        HttpApi.checkSettings(config.server());
        Path dataDir = config.dataPath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        String url = config.store().jdbcUrl(dataDir);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            Database database = Database.open(url, config.store().username(), config.store().password(),
                    config.store().poolSize());
            started.push(database);
            RootKey rootKey = RootKey.loadOrCreate(dataDir, hasNoKeys(database));
            LocalKeyRing keyRing = new LocalKeyRing(database.dataSource(), rootKey);
            keyRing.verifyRootKey();
            String defaultKey = keyRing.ensureDefaultKey();
            KeyService keys = new KeyService(keyRing, config.kms().regionId(), config.kms().accountId());
            WorkerConfig.KmsInstance instance = config.kmsInstance();
            RemoteKms remote = instance.wrapsDataKeys() || instance.storesSecrets()
                    ? RemoteKms.connect(instance, System.getenv()) : null;
            DataKeyWrapper dataKeys = instance.wrapsDataKeys()
                    ? new KmsDataKeyWrapper(remote, instance.dataKeyId(), keyRing).verify() : keyRing;
            JdbcSecretStore jdbcStore = new JdbcSecretStore(database, new EnvelopeCipher(dataKeys));
            SecretStore store = instance.storesSecrets() ? new KmsSecretStore(remote, jdbcStore, instance) : jdbcStore;
            // The API's own AccessKeys stay under the local ring: with the KMS instance down, callers are still
            // authenticated and told that it is down.
            AccessKeyStore accessKeys = new AccessKeyStore(database, new EnvelopeCipher(keyRing), defaultKey);
            AdminKeyFile.ensure(accessKeys, dataDir);

            Map<String, Target> targets = config.targets().stream()
                    .collect(Collectors.toMap(Target::id, Function.identity()));
            WorkerRotatorContext context = new WorkerRotatorContext(targets, store);
            Map<SecretType, Rotator> installed = new EnumMap<>(SecretType.class);
            installed.putAll(RotatorRegistry.load(context, Worker.class.getClassLoader()).all());
            installed.putAll(overrides);
            RotatorRegistry rotators = new RotatorRegistry(installed);
            MetricsRegistry metrics = new MetricsRegistry();
            RotationMetrics rotationMetrics = new RotationMetrics(metrics);
            SecretStateMetrics.register(metrics, store::countByAutomaticRotation, SECRET_COUNT_CACHE);
            ApiMetrics apiMetrics = new ApiMetrics(metrics);

            WorkerConfig.Rotation r = config.rotation();
            // One name for this start in Quartz's cluster and in the rotation locks it takes: a lock whose holder
            // the cluster has declared dead is taken over at once, not when its lease runs out.
            String instanceId = SchedulerInstance.newId();
            boolean clustered = clustered(config, database);
            RotationEngine engine = new RotationEngine(store, rotators,
                    new RetryPolicy(r.maxAttempts(), r.initialBackoffDuration(), 2.0, r.maxBackoffDuration()),
                    r.lockLeaseDuration(), instanceId, rotationClock, Sleeper.REAL,
                    FaultInjection.around(rotationMetrics),
                    new QuartzInstanceLiveness(database.dataSource(), clustered, instanceId, Clock.systemUTC()));
            RotationScheduler scheduler = RotationScheduler.start(database, store, engine, config.scheduler().threads(),
                    clustered, rotationClock, instanceId, config.scheduler().checkinIntervalDuration());
            started.push(scheduler);
            SecretService secrets = new SecretService(store, keys, rotators, scheduler::sync, scheduler,
                    rotationClock).withTargets(context::target);
            HttpApi http = HttpApi.start(config.server(), scheduler::isRunning,
                    () -> scheduler.isRunning() && storeReachable(database), metrics,
                    kmsApi(accessKeys, store, KmsActions.of(Stream.concat(SecretActions.all(secrets, config.kms()).stream(),
                            KeyActions.all(keys).stream()).toList()), apiMetrics),
                    new AdminApi(accessKeys, authorizer(store), secrets, engine, store,
                            TargetDirectory.of(config.targets()), Clock.systemUTC(), apiMetrics));
            started.push(http);
            DeletionPurger purger = DeletionPurger.start(secrets, Clock.systemUTC(), PURGE_INTERVAL);
            started.push(purger);
            LOG.info("worker up: store {} ({}), data directory {}, listening on {}://{}:{}", database.dialect(),
                    WorkerConfig.Store.redact(url), dataDir, http.scheme(), config.server().host(), http.port());
            if (remote != null) {
                LOG.info("KMS instance {}: {}{}", remote.url(), instance.wrapsDataKeys()
                        ? "data keys wrapped by its key " + instance.dataKeyId() : "no data keys",
                        instance.storesSecrets() ? "; secrets kept there: " + store : "");
            }
            return new Worker(config, database, jdbcStore, scheduler, engine, secrets, http, purger, apiMetrics,
                    accessKeys);
        } catch (RuntimeException | Error e) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception stopFailed) {
                    e.addSuppressed(stopFailed);
                }
            }
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** The embedded JDBC store; with secrets kept in a KMS instance, where their metadata, locks and events are. */
    public JdbcSecretStore store() {
        return store;
    }

    public RotationScheduler scheduler() {
        return scheduler;
    }

    /** The rotation engine the scheduler and the admin API's rotate-now run (benchmarks drive it directly). */
    public RotationEngine engine() {
        return engine;
    }

    public SecretService secrets() {
        return secrets;
    }

    /** The API's principals: AccessKeys and their policies. */
    public AccessKeyStore accessKeys() {
        return accessKeys;
    }

    /** Where the API layer counts each request: {@link ApiMetrics#record(String, String)}. */
    public ApiMetrics apiMetrics() {
        return apiMetrics;
    }

    /** Stops accepting requests, lets running rotation steps finish within the grace period, then closes the store. */
    @Override
    public void close() {
        LOG.info("worker stopping");
        try {
            purger.close();
            http.close();
        } finally {
            scheduler.shutdown(config.shutdown().graceDuration());
            database.close();
        }
        LOG.info("worker stopped");
    }

    /**
     * The KMS API: signatures checked against the access keys, callers against their own grants and each
     * secret's policy, then the actions; every answer is counted in the API metrics.
     */
    private static KmsApi kmsApi(AccessKeyStore accessKeys, SecretStore store, KmsActions actions,
                                 ApiMetrics apiMetrics) {
        RequestAuthenticator authenticator = new RequestAuthenticator(accessKeys::credential,
                new NonceCache(RequestAuthenticator.MAX_SKEW, MAX_LIVE_NONCES), Clock.systemUTC());
        return new KmsApi(new KmsDispatcher(authenticator, authorizer(store), actions), apiMetrics::record);
    }

    /** Principals' own grants, and each secret's stored policy (GetSecretPolicy's "default"). */
    private static Authorizer authorizer(SecretStore store) {
        return new Authorizer(store::find, name -> store.policy(name, SecretRules.DEFAULT_POLICY_NAME));
    }

    private static boolean clustered(WorkerConfig config, Database database) {
        String mode = config.scheduler().clustered();
        return "auto".equalsIgnoreCase(mode) ? database.dialect().supportsCluster() : Boolean.parseBoolean(mode);
    }

    private static boolean hasNoKeys(Database database) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM kms_keys");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
        } catch (SQLException e) {
            throw new IllegalStateException("store unreachable: " + e.getMessage(), e);
        }
    }

    private static boolean storeReachable(Database database) {
        try (Connection c = database.dataSource().getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
