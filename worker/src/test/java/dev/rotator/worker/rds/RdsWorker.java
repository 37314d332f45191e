package dev.rotator.worker.rds;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import dev.rotator.core.credential.CredentialGenerator;
import dev.rotator.core.credential.CredentialPolicy;
import dev.rotator.core.spi.Target;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.worker.Worker;
import dev.rotator.worker.testing.ConfiguredWorker;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;


/**
 * A real worker, started from a configuration file as {@code rotator serve --config} is, with its real Rds rotator
 * (found by ServiceLoader) and one {@code rds} target per throwaway server:
 *
 * <pre>
 * targets:
 *   - id: e2e-mariadb-1a2b3c4d
 *     kind: rds
 *     engine: mysql
 *     host: 127.0.0.1
 *     port: 13306
 *     tls: disable
 *     adminSecret: targets/e2e-mariadb-1a2b3c4d/admin
 * </pre>
 *
 * Each target gets a fresh database and a privileged account of its own, made by the server's superuser (MariaDB:
 * ALL PRIVILEGES WITH GRANT OPTION; PostgreSQL: CREATEROLE CREATEDB, owner of the database, not a superuser, as
 * on RDS); the test imports that account through the SDK as the target's admin secret, an Rds SingleUser secret
 * of the target itself, so rotations of it go through the account itself. Close drops the databases and every
 * account made.
 */
public final class RdsWorker implements AutoCloseable {
    private static final CredentialGenerator PASSWORDS = new CredentialGenerator();

    final Worker worker;
    final Client sdk;
    private final ConfiguredWorker running;
    private final Map<RdsServer, Sandbox> sandboxes = new EnumMap<>(RdsServer.class);

    /** One server's target: its id, database, the privileged account and its secret, and accounts to drop. */
    public static final class Sandbox {
        final RdsServer server;
        public final String targetId;
        public final String database;
        final String adminAccount;
        public final String adminSecret;
        private final List<String> accounts = new ArrayList<>();
        private String initialAdminPassword;

        private Sandbox(RdsServer server, String unique) {
            this.server = server;
            this.targetId = "e2e-" + server.name().toLowerCase() + "-" + unique;
            this.database = "rdse2e_" + unique;
            this.adminAccount = "e2eadm_" + unique;
            this.adminSecret = "targets/" + targetId + "/admin";
        }

        /**
         * A fresh database and privileged account on the server, without a worker: for workers run as processes,
         * configured with {@link #target()}. {@link #tearDown()} drops them and every account made.
         */
        public static Sandbox create(RdsServer server) {
            Sandbox sb = new Sandbox(server, unique());
            sb.setUp();
            return sb;
        }

        /** The target as a worker's configuration declares it (the YAML of {@link RdsWorker}). */
        public Target target() {
            return new Target(targetId, "rds", Map.of("engine", server.engine.setting(), "host", server.host(),
                    "port", server.port(), "tls", "disable", "adminSecret", adminSecret));
        }

        /** The ExtendedConfig of a secret that creates its account ($Auto) on this target, for this database. */
        public Map<String, Object> created(String subType, String account, String permission) {
            return Map.of("SecretSubType", subType, "DBInstanceId", targetId, "AccountName", account,
                    "AccountPrivilege", permission, "DBNames", List.of(database));
        }

        /** The privileged account, to import as the target's admin secret. */
        public Login adminLogin() {
            return new Login(adminAccount, initialAdminPassword);
        }

        /** A unique account name for a test, dropped (with its clone) on close. */
        public String account(String hint) {
            String name = hint + "_" + unique();
            accounts.add(name);
            accounts.add(DbEngine.cloneOf(name));
            return name;
        }

        /** An account made by the server's superuser with a password, able to create tables in the database. */
        Login existingAccount(String hint) {
            Login login = new Login(account(hint), password());
            String q = server.quote(login.name());
            if (server == RdsServer.MARIADB) {
                server.superuser(null, "CREATE USER " + q + "@'%' IDENTIFIED BY '" + login.password() + "'",
                        "GRANT SELECT, INSERT, CREATE, DROP ON " + server.quote(database) + ".* TO " + q + "@'%'");
            } else {
                server.superuser(database, "CREATE ROLE " + q + " LOGIN PASSWORD '" + login.password() + "'",
                        "GRANT CONNECT ON DATABASE " + server.quote(database) + " TO " + q,
                        "GRANT USAGE, CREATE ON SCHEMA public TO " + q);
            }
            return login;
        }

        private void setUp() {
            String db = server.quote(database);
            String admin = server.quote(adminAccount);
            String password = password();
            if (server == RdsServer.MARIADB) {
                server.superuser(null, "CREATE DATABASE " + db,
                        "CREATE USER " + admin + "@'%' IDENTIFIED BY '" + password + "'",
                        "GRANT ALL PRIVILEGES ON *.* TO " + admin + "@'%' WITH GRANT OPTION");
            } else {
                server.superuser(null, "CREATE ROLE " + admin + " LOGIN CREATEROLE CREATEDB PASSWORD '" + password + "'",
                        "CREATE DATABASE " + db + " OWNER " + admin);
            }
            accounts.add(adminAccount);
            initialAdminPassword = password;
        }

        private String yaml() {
            return """
                      - id: %s
                        kind: rds
                        engine: %s
                        host: %s
                        port: %d
                        tls: disable
                        adminSecret: %s
                    """.formatted(targetId, server.engine.setting(), server.host(), server.port(), adminSecret);
        }

        public void tearDown() {
            server.superuser(null, "DROP DATABASE IF EXISTS " + server.quote(database)
                    + (server == RdsServer.POSTGRESQL ? " WITH (FORCE)" : ""));
            RuntimeException failed = null;
            try (AccountAdmin admin = server.superuserAdmin()) {
                for (String a : accounts) {
                    try {
                        admin.drop(a);
                    } catch (RuntimeException e) { // drop the others still; report them all
                        if (failed == null) {
                            failed = e;
                        } else {
                            failed.addSuppressed(e);
                        }
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    private RdsWorker(String moreYaml, RdsServer... servers) throws IOException {
        StringBuilder yaml = new StringBuilder();
        String unique = unique();
        try {
            for (RdsServer server : servers) {
                Sandbox sb = new Sandbox(server, unique);
                sandboxes.put(server, sb);
                sb.setUp();
                yaml.append(sb.yaml());
            }
            running = ConfiguredWorker.start(Files.createTempDirectory("rotator-rds-e2e-"), moreYaml, yaml.toString());
        } catch (RuntimeException | IOException e) {
            sandboxes.values().forEach(Sandbox::tearDown);
            throw e;
        }
        worker = running.worker;
        sdk = running.sdk;
    }

    /** A worker with a target on each server, its admin secret created through the SDK first. */
    static RdsWorker start(RdsServer... servers) throws Exception {
        return start("", servers);
    }

    /** {@link #start(RdsServer...)} with more settings, YAML sections at the top level (e.g. kmsInstance). */
    static RdsWorker start(String moreYaml, RdsServer... servers) throws Exception {
        RdsWorker w = new RdsWorker(moreYaml, servers);
        try {
            for (Sandbox sb : w.sandboxes.values()) {
                w.create(sb.adminSecret, new Login(sb.adminAccount, sb.initialAdminPassword).imported(),
                        Map.of("SecretSubType", "SingleUser", "DBInstanceId", sb.targetId));
            }
            return w;
        } catch (Exception | Error e) {
            w.close();
            throw e;
        }
    }

    Sandbox on(RdsServer server) {
        return sandboxes.get(server);
    }

    /** Another official client with the admin AccessKey: one per thread in the concurrency test. */
    Client client() {
        return running.client();
    }

    // ---------------------------------------------------------------- the SDK calls an application makes

    /** CreateSecret of type Rds, VersionId v0. */
    void create(String name, String secretData, Map<String, ?> extendedConfig) throws Exception {
        running.create("Rds", name, secretData, extendedConfig);
    }

    /** GetSecretValue: the login ACSCurrent holds. */
    Login current(String name) throws Exception {
        return Login.of(running.value(name, null));
    }

    Login previous(String name) throws Exception {
        return Login.of(running.value(name, "ACSPrevious"));
    }

    static GetSecretValueResponseBody read(Client client, String name, String stage) throws Exception {
        return ConfiguredWorker.read(client, name, stage);
    }

    /** RotateSecret, waiting until the new version is ACSCurrent (see {@link ConfiguredWorker#rotate}). */
    String rotate(String name) throws Exception {
        return running.rotate(name);
    }

    /** The secret does not exist (DescribeSecret through the SDK is 404). */
    void assertNoSecret(String name) {
        running.assertNoSecret(name);
    }

    static String unique() {
        return ConfiguredWorker.unique();
    }

    /** A password of the kind the rotator generates (nothing that needs quoting in SQL). */
    static String password() {
        return PASSWORDS.generate(CredentialPolicy.DEFAULT);
    }

    @Override
    public void close() throws IOException {
        try {
            running.close();
        } finally {
            for (Sandbox sb : sandboxes.values()) {
                sb.tearDown();
            }
        }
    }
}
