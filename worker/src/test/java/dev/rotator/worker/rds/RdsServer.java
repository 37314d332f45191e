package dev.rotator.worker.rds;

import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.AccountAdmins;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.worker.testing.TestDatabases;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The throwaway MariaDB 10.11 and PostgreSQL 15 servers (password authentication on, no TLS), found through the
 * ROTATOR_TEST_* variables; a missing one fails the test. The server's own superuser (root, postgres) only sets
 * up and cleans up: what a test proves goes through the worker and its target's privileged account.
 */
public enum RdsServer {
    MARIADB("MARIADB", DbEngine.MYSQL), POSTGRESQL("PG", DbEngine.POSTGRESQL);

    private final String prefix;
    final DbEngine engine;

    RdsServer(String prefix, DbEngine engine) {
        this.prefix = prefix;
        this.engine = engine;
    }

    String host() {
        return env("HOST");
    }

    int port() {
        return Integer.parseInt(env("PORT"));
    }

    private String env(String name) {
        return TestDatabases.env("ROTATOR_TEST_" + prefix + "_" + name);
    }

    /** This server without TLS; {@code database} null: PostgreSQL's {@code postgres}, MySQL none. */
    DbEndpoint endpoint(String database) {
        return new DbEndpoint(engine, host(), port(), "disable", Optional.empty(), database == null ? "postgres" : database);
    }

    /** A fresh connection with this credential alone, to {@code database} (null: none / postgres). */
    Connection connect(String database, String user, String password) throws SQLException {
        return endpoint(null).connect(database, user, password);
    }

    /** True when a fresh login with this credential works. */
    public boolean logsIn(String database, Login login) {
        try (Connection c = connect(database, login.name(), login.password())) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs statements as the server's superuser, in {@code database} (null: none / postgres). */
    void superuser(String database, String... sql) {
        try (Connection c = connect(database, env("USER"), env("PASSWORD")); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(this + " set-up statement failed: " + e.getMessage(), e);
        }
    }

    /** The superuser's account management, for checks (does an account exist) and clean-up. */
    AccountAdmin superuserAdmin() {
        return AccountAdmins.open(endpoint(null), env("USER"), env("PASSWORD"));
    }

    boolean accountExists(String account) {
        try (AccountAdmin admin = superuserAdmin()) {
            return admin.exists(account);
        }
    }

    String quote(String identifier) {
        return engine.quote(identifier);
    }
}
