package dev.rotator.bench.rotation;

import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationListener;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.schedule.QuartzInstanceLiveness;
import dev.rotator.worker.schedule.SchedulerInstance;
import dev.rotator.worker.store.Database;
import dev.rotator.worker.store.JdbcSecretStore;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The worker's real store for one benchmark run, as {@code Worker.start} wires it: the JDBC store on a fresh database
 * (migrated by Flyway), the local key ring with a new root key, envelope encryption, and the engine with the worker's
 * default rotation settings. Closing it drops the database.
 */
public final class BenchStore implements AutoCloseable {
    /** The worker's default pool size (WorkerConfig.defaults). */
    private static final int POOL_SIZE = WorkerConfig.defaults().store().poolSize();

    /** Where the store lives: the throwaway PostgreSQL (the production store) or an embedded H2 file. */
    public enum Kind {
        POSTGRESQL, H2;

        public static Kind parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "postgresql", "postgres", "pg" -> POSTGRESQL;
                case "h2" -> H2;
                default -> throw new IllegalArgumentException("--store: must be postgresql or h2, got " + value);
            };
        }
    }

    private final Database database;
    private final LocalKeyRing keyRing;
    private final JdbcSecretStore store;
    private final String description;
    private final Runnable drop;
    private final SqlTrace trace;

    /** Where the store database is and how to drop it. */
    private record Place(String url, String user, String password, String description, Runnable drop) {
    }

    private BenchStore(Place place, boolean countStatements) throws SQLException {
        this.description = place.description();
        this.drop = place.drop();
        // Installed before the pool resolves its driver, so that every statement the store sends is recorded.
        this.trace = countStatements ? SqlTrace.install(place.url()) : null;
        this.database = Database.open(place.url(), place.user(), place.password(), POOL_SIZE);
        this.keyRing = new LocalKeyRing(database.dataSource(), RootKey.generate());
        keyRing.ensureDefaultKey();
        this.store = new JdbcSecretStore(database, new EnvelopeCipher(keyRing));
    }

    /** @param countStatements record what the store sends ({@link #sent}); for counting only, never for timing */
    public static BenchStore open(Kind kind, boolean countStatements) throws IOException, SQLException {
        Place place = switch (kind) {
            case POSTGRESQL -> onPostgres();
            case H2 -> onH2();
        };
        try {
            return new BenchStore(place, countStatements);
        } catch (RuntimeException | SQLException e) {
            place.drop().run();
            throw e;
        }
    }

    private static Place onPostgres() throws SQLException {
        String name = "rotbench_store_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String admin = ThrowawayServers.env("PG_URL");
        String user = ThrowawayServers.env("PG_USER");
        String password = ThrowawayServers.env("PG_PASSWORD");
        superuser(admin, user, password, "CREATE DATABASE " + name);
        String url = "jdbc:postgresql://" + ThrowawayServers.env("PG_HOST") + ":" + ThrowawayServers.env("PG_PORT")
                + "/" + name;
        return new Place(url, user, password, "PostgreSQL (the throwaway server, database " + name + ")", () -> {
            try {
                superuser(admin, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("could not drop the store database " + name + ": " + e.getMessage());
            }
        });
    }

    private static Place onH2() throws IOException {
        Path dir = Files.createTempDirectory("rotbench-h2-");
        return new Place("jdbc:h2:file:" + dir.resolve("store"), "", "", "H2 (embedded file in " + dir + ")", () -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        });
    }

    /** What the store sent since the last call (statements, commits, rollbacks), when opened to count. */
    public List<String> sent() {
        if (trace == null) {
            throw new IllegalStateException("the store was not opened to count its statements");
        }
        return trace.take();
    }

    private static void superuser(String url, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public JdbcSecretStore store() {
        return store;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /**
     * The engine as the worker makes it, with the worker's default retry policy and lock lease, and a cluster's
     * liveness of lock holders (so a run confirms its lock before set and promote, as in the worker).
     */
    public RotationEngine engine(RotatorRegistry rotators) {
        WorkerConfig.Rotation r = WorkerConfig.defaults().rotation();
        String instanceId = SchedulerInstance.newId();
        return new RotationEngine(store, rotators,
                new RetryPolicy(r.maxAttempts(), r.initialBackoffDuration(), 2.0, r.maxBackoffDuration()),
                r.lockLeaseDuration(), instanceId, Clock.systemUTC(), Sleeper.REAL, RotationListener.NONE,
                new QuartzInstanceLiveness(database.dataSource(), true, instanceId, Clock.systemUTC()));
    }

    /** CreateSecret's service, checking targets against the context's, with no scheduler behind it. */
    public SecretService secrets(RotatorRegistry rotators, RotatorContext context) {
        return new SecretService(store, keyRing, rotators, secret -> { }, Clock.systemUTC())
                .withTargets(context::target);
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        try {
            database.close();
            if (trace != null) {
                trace.close();
            }
        } catch (SQLException e) {
            System.err.println("could not restore the store's JDBC driver: " + e.getMessage());
        } finally {
            drop.run();
        }
    }
}
