package dev.rotator.bench.rotation.rds;

import dev.rotator.bench.rotation.ThrowawayServers;
import dev.rotator.core.credential.CredentialGenerator;
import dev.rotator.core.credential.CredentialPolicy;
import dev.rotator.core.spi.Target;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.AccountAdmins;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What one throwaway server needs for the benchmark, made by its superuser (root, postgres) and dropped on close: a
 * database and a privileged account of the target's own (MariaDB: ALL PRIVILEGES WITH GRANT OPTION; PostgreSQL:
 * CREATEROLE CREATEDB and owner of the database, not a superuser, as on RDS), as the worker's end-to-end tests set
 * them up. The server is reached without TLS (the throwaway servers have none).
 */
final class RdsSandbox implements AutoCloseable {
    private static final CredentialGenerator PASSWORDS = new CredentialGenerator();

    final DbEngine engine;
    final String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    final String database = "rotbench_" + unique;
    final String adminAccount = "rbadm_" + unique;
    final String adminPassword = PASSWORDS.generate(CredentialPolicy.DEFAULT);
    private final String prefix;
    private final List<String> accounts = new ArrayList<>();

    RdsSandbox(DbEngine engine) {
        this.engine = engine;
        this.prefix = engine == DbEngine.MYSQL ? "MARIADB" : "PG";
        String db = engine.quote(database);
        String admin = engine.quote(adminAccount);
        if (engine == DbEngine.MYSQL) {
            superuser("CREATE DATABASE " + db, "CREATE USER " + admin + "@'%' IDENTIFIED BY '" + adminPassword + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO " + admin + "@'%' WITH GRANT OPTION");
        } else {
            superuser("CREATE ROLE " + admin + " LOGIN CREATEROLE CREATEDB PASSWORD '" + adminPassword + "'",
                    "CREATE DATABASE " + db + " OWNER " + admin);
        }
        accounts.add(adminAccount);
    }

    /** A fresh account name of a dual pair; the pair is dropped on close. */
    String pair(String hint) {
        String name = hint + "_" + unique;
        accounts.add(name);
        accounts.add(DbEngine.cloneOf(name));
        return name;
    }

    /** The worker's {@code rds} target for this server, its privileged account in {@code adminSecret}. */
    Target target(String id, String adminSecret) {
        return new Target(id, "rds", Map.of("engine", engine.setting(), "host", host(), "port", port(),
                "tls", "disable", "adminSecret", adminSecret));
    }

    DbEndpoint endpoint() {
        return new DbEndpoint(engine, host(), Integer.parseInt(port()), "disable", Optional.empty(), "postgres");
    }

    /** The JDBC URL prefix of every connection to this server (for the statement trace). */
    String urlPrefix() {
        return endpoint().url("");
    }

    private String host() {
        return ThrowawayServers.env(prefix + "_HOST");
    }

    private String port() {
        return ThrowawayServers.env(prefix + "_PORT");
    }

    private void superuser(String... sql) {
        try (Connection c = endpoint().connect(null, ThrowawayServers.env(prefix + "_USER"),
                ThrowawayServers.env(prefix + "_PASSWORD")); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(engine.setting() + " set-up statement failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        superuser("DROP DATABASE IF EXISTS " + engine.quote(database) + (engine == DbEngine.POSTGRESQL ? " WITH (FORCE)" : ""));
        try (AccountAdmin admin = AccountAdmins.open(endpoint(), ThrowawayServers.env(prefix + "_USER"),
                ThrowawayServers.env(prefix + "_PASSWORD"))) {
            for (String account : accounts) {
                if (admin.exists(account)) {
                    admin.drop(account);
                }
            }
        }
    }
}
