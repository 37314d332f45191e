package dev.rotator.worker.testing;

import dev.rotator.worker.store.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh, empty store databases for tests: an H2 file, or a new database on the throwaway
 * PostgreSQL and MariaDB servers that scripts/test-servers.sh starts (with password
 * authentication). A missing server is a test failure, never a skip.
 */
public enum TestDatabases {
    H2, POSTGRESQL, MARIADB;

    /** A new empty database, migrated. Closing it drops it. */
    public TestDatabase create() {
        EmptyDatabase empty = createEmpty();
        return new TestDatabase(Database.open(empty.url(), empty.user(), empty.password(), 8), empty.drop());
    }

    /** A new database with no schema at all, for migration tests. Closing it drops it. */
    public EmptyDatabase createEmpty() {
        String db = "rt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            return switch (this) {
                case H2 -> {
                    Path dir = Files.createTempDirectory("rotator-h2-");
                    yield new EmptyDatabase("jdbc:h2:file:" + dir.resolve("store"), "", "", () -> { });
                }
                case POSTGRESQL -> server("PG", db, "jdbc:postgresql://%s:%s/%s");
                case MARIADB -> server("MARIADB", db, "jdbc:mariadb://%s:%s/%s");
            };
        } catch (Exception e) {
            throw new IllegalStateException(this + " test database could not be created: " + e.getMessage(), e);
        }
    }

    private static EmptyDatabase server(String prefix, String db, String urlFormat) throws SQLException {
        String adminUrl = env("ROTATOR_TEST_" + prefix + "_URL");
        String user = env("ROTATOR_TEST_" + prefix + "_USER");
        String password = env("ROTATOR_TEST_" + prefix + "_PASSWORD");
        String url = String.format(urlFormat, env("ROTATOR_TEST_" + prefix + "_HOST"),
                env("ROTATOR_TEST_" + prefix + "_PORT"), db);
        execute(adminUrl, user, password, "CREATE DATABASE " + db);
        return new EmptyDatabase(url, user, password, () -> execute(adminUrl, user, password, "DROP DATABASE " + db));
    }

    public static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests with scripts/test.sh, which starts the "
                    + "throwaway database servers and exports their addresses");
        }
        return v;
    }

    static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @FunctionalInterface
    public interface Drop {
        void run() throws Exception;
    }

    /** An empty database's address; the password is never printed. */
    public record EmptyDatabase(String url, String user, String password, Drop drop) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            drop.run();
        }

        @Override
        public String toString() {
            return "EmptyDatabase[" + url + "]";
        }
    }

    /** A database for one test, dropped on close. */
    public record TestDatabase(Database database, Drop drop) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            database.close();
            drop.run();
        }
    }
}
