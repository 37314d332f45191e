package dev.rotator.worker.rds;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.credential.CredentialGenerator;
import dev.rotator.core.credential.CredentialPolicy;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.config.ConfigLoader;
import dev.rotator.worker.config.ConfigLoader.Setting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.rotator.worker.testing.SdkCalls.refused;

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
 *     port: 53306
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
final class RdsWorker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CredentialGenerator PASSWORDS = new CredentialGenerator();
    private static final Duration ROTATION_TIMEOUT = Duration.ofSeconds(60);

    final Worker worker;
    final Client sdk;
    private final Path dataDir;
    private final String keyId;
    private final String keySecret;
    private final Map<RdsServer, Sandbox> sandboxes = new EnumMap<>(RdsServer.class);

    /** One server's target: its id, database, the privileged account and its secret, and accounts to drop. */
    static final class Sandbox {
        final RdsServer server;
        final String targetId;
        final String database;
        final String adminAccount;
        final String adminSecret;
        private final List<String> accounts = new ArrayList<>();
        private String initialAdminPassword;

        private Sandbox(RdsServer server, String unique) {
            this.server = server;
            this.targetId = "e2e-" + server.name().toLowerCase() + "-" + unique;
            this.database = "rdse2e_" + unique;
            this.adminAccount = "e2eadm_" + unique;
            this.adminSecret = "targets/" + targetId + "/admin";
        }

        /** A unique account name for a test, dropped (with its clone) on close. */
        String account(String hint) {
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

        private void tearDown() {
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

    private RdsWorker(Path dataDir, String moreYaml, RdsServer... servers) throws IOException {
        this.dataDir = dataDir;
        StringBuilder yaml = new StringBuilder(moreYaml).append("""
                rotation:
                  maxAttempts: 2
                  initialBackoff: 50ms
                  maxBackoff: 50ms
                targets:
                """);
        String unique = unique();
        try {
            for (RdsServer server : servers) {
                Sandbox sb = new Sandbox(server, unique);
                sandboxes.put(server, sb);
                sb.setUp();
                yaml.append(sb.yaml());
            }
            Path file = Files.writeString(dataDir.resolve("rotator.yaml"), yaml);
            worker = Worker.start(ConfigLoader.load(file, Map.of(), List.of(new Setting("dataDir", dataDir.toString(),
                    "--data-dir"), new Setting("server.port", "0", "--port"))));
        } catch (RuntimeException | IOException e) {
            sandboxes.values().forEach(Sandbox::tearDown);
            throw e;
        }
        var key = JSON.readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
        keyId = key.get("AccessKeyId").asText();
        keySecret = key.get("AccessKeySecret").asText();
        sdk = client();
    }

    /** A worker with a target on each server, its admin secret created through the SDK first. */
    static RdsWorker start(RdsServer... servers) throws Exception {
        return start("", servers);
    }

    /** {@link #start(RdsServer...)} with more settings, YAML sections at the top level (e.g. kmsInstance). */
    static RdsWorker start(String moreYaml, RdsServer... servers) throws Exception {
        Path dir = Files.createTempDirectory("rotator-rds-e2e-");
        RdsWorker w = null;
        try {
            w = new RdsWorker(dir, moreYaml, servers);
            for (Sandbox sb : w.sandboxes.values()) {
                w.create(sb.adminSecret, new Login(sb.adminAccount, sb.initialAdminPassword).imported(),
                        Map.of("SecretSubType", "SingleUser", "DBInstanceId", sb.targetId));
            }
            return w;
        } catch (Exception | Error e) {
            if (w != null) {
                w.close();
            } else {
                deleteTree(dir);
            }
            throw e;
        }
    }

    Sandbox on(RdsServer server) {
        return sandboxes.get(server);
    }

    /** Another official client with the admin AccessKey: one per thread in the concurrency test. */
    Client client() {
        try {
            return new Client(new Config().setAccessKeyId(keyId).setAccessKeySecret(keySecret)
                    .setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- the SDK calls an application makes

    /** CreateSecret of type Rds, VersionId v0. */
    void create(String name, String secretData, Map<String, ?> extendedConfig) throws Exception {
        sdk.createSecret(new CreateSecretRequest().setSecretName(name).setSecretType("Rds").setVersionId("v0")
                .setSecretData(secretData).setExtendedConfig(extendedConfig));
    }

    /** GetSecretValue: the login ACSCurrent holds. */
    Login current(String name) throws Exception {
        return Login.of(read(sdk, name, null).getSecretData());
    }

    Login previous(String name) throws Exception {
        return Login.of(read(sdk, name, "ACSPrevious").getSecretData());
    }

    static GetSecretValueResponseBody read(Client client, String name, String stage) throws Exception {
        return client.getSecretValue(new GetSecretValueRequest().setSecretName(name).setVersionStage(stage)).getBody();
    }

    /**
     * RotateSecret (rotate-now) with a fresh VersionId, then waits until that version is ACSCurrent, as
     * ListSecretVersionIds shows it; a rotation that fails fails the test with its error (from the audit trail).
     */
    String rotate(String name) throws Exception {
        String versionId = "r-" + UUID.randomUUID();
        sdk.rotateSecret(new RotateSecretRequest().setSecretName(name).setVersionId(versionId));
        long deadline = System.nanoTime() + ROTATION_TIMEOUT.toNanos();
        while (!stagesOf(name, versionId).contains("ACSCurrent")) {
            for (RotationEvent e : worker.store().events(name, 20)) {
                if (e.token() != null && e.token().equals(versionId) && e.step().equals("rotation")
                        && e.outcome().equals("Failure")) {
                    throw new AssertionError("rotation of " + name + " failed: " + e.errorCode() + " " + e.errorMessage());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rotation " + versionId + " of " + name + " did not complete in " + ROTATION_TIMEOUT);
            }
            Thread.sleep(20);
        }
        return versionId;
    }

    private List<String> stagesOf(String name, String versionId) throws Exception {
        return sdk.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name)).getBody()
                .getVersionIds().getVersionId().stream().filter(v -> v.getVersionId().equals(versionId))
                .flatMap(v -> v.getVersionStages().getVersionStage().stream()).toList();
    }

    /** The secret does not exist (DescribeSecret through the SDK is 404). */
    void assertNoSecret(String name) {
        refused(() -> sdk.describeSecret(new DescribeSecretRequest().setSecretName(name)), 404,
                "Forbidden.ResourceNotFound");
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A password of the kind the rotator generates (nothing that needs quoting in SQL). */
    static String password() {
        return PASSWORDS.generate(CredentialPolicy.DEFAULT);
    }

    @Override
    public void close() throws IOException {
        try {
            worker.close();
        } finally {
            try {
                for (Sandbox sb : sandboxes.values()) {
                    sb.tearDown();
                }
            } finally {
                deleteTree(dataDir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
