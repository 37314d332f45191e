package dev.rotator.rds.testing;

import dev.rotator.core.spi.Target;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.AccountAdmins;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One of the throwaway servers (MariaDB or PostgreSQL, password authentication on) that scripts/test-servers.sh
 * starts, found through the ROTATOR_TEST_* variables. A missing variable fails the test. Each {@link Sandbox} is a
 * fresh database and unique account names, dropped on close, so tests run side by side with others on the server.
 */
public enum TestServer {
    MARIADB("MARIADB", DbEngine.MYSQL), POSTGRESQL("PG", DbEngine.POSTGRESQL);

    private final String prefix;
    private final DbEngine engine;

    TestServer(String prefix, DbEngine engine) {
        this.prefix = prefix;
        this.engine = engine;
    }

    public DbEngine engine() {
        return engine;
    }

    public String host() {
        return env("HOST");
    }

    public int port() {
        return Integer.parseInt(env("PORT"));
    }

    public String adminUser() {
        return env("USER");
    }

    public String adminPassword() {
        return env("PASSWORD");
    }

    private String env(String name) {
        String key = "ROTATOR_TEST_" + prefix + "_" + name;
        String v = System.getenv(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(key + " is not set: source /tmp/rotator-test-servers/test-servers.env "
                    + "(scripts/test-servers.sh start writes it)");
        }
        return v;
    }

    public Sandbox sandbox() {
        return new Sandbox(this);
    }

    /** A fresh database and a name prefix on this server; close drops the database and every account made. */
    public static final class Sandbox implements AutoCloseable {
        private final TestServer server;
        public final String database;
        private final List<String> accounts = new ArrayList<>();

        Sandbox(TestServer server) {
            this.server = server;
            this.database = "rdst_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            serverAdmin("CREATE DATABASE " + server.engine.quote(database));
        }

        public TestServer server() {
            return server;
        }

        /** A unique account name (dropped on close, with its clone). */
        public String account(String hint) {
            String name = hint + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            accounts.add(name);
            accounts.add(DbEngine.cloneOf(name));
            return name;
        }

        /** The target the rotator reads: this server, the sandbox database as the maintenance one. */
        public Target target(String id, String adminSecret) {
            Map<String, Object> settings = new HashMap<>();
            settings.put("engine", server.engine.setting());
            settings.put("host", server.host());
            settings.put("port", server.port());
            settings.put("tls", "disable");
            settings.put("adminSecret", adminSecret);
            settings.put("database", database);
            return new Target(id, "database", settings);
        }

        public DbEndpoint endpoint() {
            return DbEndpoint.of(target("t", "admin"));
        }

        public AccountAdmin accountAdmin() {
            return AccountAdmins.open(endpoint(), server.adminUser(), server.adminPassword());
        }

        /** A connection as the privileged account, to this sandbox's database. */
        public Connection adminConnection() throws SQLException {
            return endpoint().connect(database, server.adminUser(), server.adminPassword());
        }

        /** Runs statements as the privileged account in this sandbox's database. */
        public void admin(String... sql) {
            try (Connection c = adminConnection()) {
                run(c, sql);
            } catch (SQLException e) {
                throw new IllegalStateException("admin statement failed: " + e.getMessage(), e);
            }
        }

        /** Runs statements as the privileged account outside the sandbox (creating and dropping it). */
        private void serverAdmin(String sql) {
            try (Connection c = server.baseEndpoint().connect(null, server.adminUser(), server.adminPassword())) {
                run(c, sql);
            } catch (SQLException e) {
                throw new IllegalStateException("admin statement failed: " + e.getMessage(), e);
            }
        }

        private static void run(Connection c, String... sql) throws SQLException {
            try (Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.execute(s);
                }
            }
        }

        /** A table of this sandbox's database, named as any session may write it (MySQL sessions have no default). */
        public String table(String name) {
            return server.engine == DbEngine.MYSQL ? server.engine.quote(database) + "." + name : name;
        }

        /** Logs in as an account, to this sandbox's database. */
        public Connection login(String account, String password) throws SQLException {
            return endpoint().connect(database, account, password);
        }

        @Override
        public void close() {
            serverAdmin("DROP DATABASE IF EXISTS " + server.engine.quote(database)
                    + (server.engine == DbEngine.POSTGRESQL ? " WITH (FORCE)" : ""));
            try (AccountAdmin admin = AccountAdmins.open(server.baseEndpoint(), server.adminUser(), server.adminPassword())) {
                for (String a : accounts) {
                    admin.drop(a);
                }
            }
        }
    }

    /** This server with its own test database (PostgreSQL) as the maintenance one. */
    DbEndpoint baseEndpoint() {
        String base = engine == DbEngine.POSTGRESQL ? env("URL").replaceAll(".*/", "") : "";
        return new DbEndpoint(engine, host(), port(), "disable", Optional.empty(), base.isEmpty() ? "postgres" : base);
    }
}
