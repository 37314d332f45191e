package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged jar as an operator uses it: {@code rotator serve} in a fresh data directory, then
 * {@code rotator secret|key|access-key|target ...} as separate processes from the same working
 * directory, so they find the first start's admin key file by default.
 *
 * <p>The worker declares one target, the throwaway MariaDB of scripts/test-servers.sh (ROTATOR_TEST_MARIADB_*),
 * so that {@code secret rotate --wait} follows a real Rds rotation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliEndToEndIT {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration CLI_DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARIADB_TARGET = "cli-mariadb";

    @TempDir
    static Path home;

    private Path jar;
    private Process worker;
    private Path workerLog;
    private String endpoint;
    private String adminSecret;
    private final List<String> secretValues = new ArrayList<>();
    private int runs;

    @BeforeAll
    void startWorker() throws Exception {
        String property = System.getProperty("rotator.jar");
        if (property == null || property.isBlank()) {
            fail("system property rotator.jar is not set: run this test through maven-failsafe (mvn verify)");
        }
        jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            fail("the packaged jar " + jar + " does not exist: build it with mvn package before running *IT tests");
        }
        int port = freePort();
        endpoint = "127.0.0.1:" + port;
        workerLog = home.resolve("worker.log");
        Path config = Files.writeString(home.resolve("rotator.yaml"), String.join("\n",
                "targets:",
                "  - id: " + MARIADB_TARGET,
                "    kind: rds",
                "    engine: mysql",
                "    host: " + MariaDb.HOST,
                "    port: " + MariaDb.PORT,
                "    tls: disable",
                "    adminSecret: cli/mariadb-admin", ""));
        worker = javaProcess(List.of("serve", "--config", config.toString(), "--data-dir", home.resolve("data").toString(),
                "--port", Integer.toString(port)), Map.of()).redirectErrorStream(true).redirectOutput(workerLog.toFile())
                .start();
        awaitHealthy(port);
        adminSecret = JSON.readTree(home.resolve("data/admin-access-key.json").toFile()).get("AccessKeySecret").asText();
    }

    @AfterAll
    void stopWorker() throws Exception {
        if (worker == null) {
            return;
        }
        worker.destroy();
        if (!worker.waitFor(30, TimeUnit.SECONDS)) {
            worker.destroyForcibly();
            fail("worker did not stop within 30 s of SIGTERM");
        }
        String log = Files.readString(workerLog);
        assertThat(log).as("worker log").doesNotContain(adminSecret);
        for (String value : secretValues) {
            assertThat(log).as("worker log").doesNotContain(value);
        }
    }

    // ---- the secret lifecycle ----

    @Test
    void createGetPutVersionsDescribeListDeleteAndRestoreASecret() throws Exception {
        String first = remember("first value ü\nline 2");
        String second = remember("second-value-7Hq");

        Result created = cliWithStdin(first.getBytes(StandardCharsets.UTF_8), "secret", "create", "--name", "it/lifecycle",
                "--description", "end to end", "--tag", "env=it");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created secret it/lifecycle (Generic, version v1");

        assertOk(cli("secret", "get", "it/lifecycle"), first);

        Path file = Files.writeString(home.resolve("second.txt"), second);
        Result put = cli("secret", "put", "it/lifecycle", "--data-file", file.toString(), "--version-id", "v2");
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(put.out()).isEqualTo("Put version v2 of it/lifecycle (stages: ACSCurrent)\n");

        assertOk(cli("secret", "get", "it/lifecycle"), second);
        assertOk(cli("secret", "get", "it/lifecycle", "--stage", "ACSPrevious"), first);
        assertOk(cli("secret", "get", "it/lifecycle", "--version-id", "v1"), first);

        Result versions = cli("secret", "versions", "it/lifecycle");
        assertThat(versions.code()).as(versions.err()).isZero();
        assertThat(versions.out()).containsPattern("(?m)^VERSION +CREATED +STAGES$")
                .containsPattern("(?m)^v1 +\\S+ +ACSPrevious$").containsPattern("(?m)^v2 +\\S+ +ACSCurrent$");

        Result describe = cli("secret", "describe", "it/lifecycle");
        assertThat(describe.code()).as(describe.err()).isZero();
        assertThat(describe.out()).containsPattern("(?m)^SecretName: +it/lifecycle$")
                .containsPattern("(?m)^SecretType: +Generic$").containsPattern("(?m)^Description: +end to end$")
                .containsPattern("(?m)^Tags: +env=it$").doesNotContain(first).doesNotContain(second);

        Result list = cli("secret", "list", "--filter", "SecretName=it/lifecycle");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("(?m)^it/lifecycle +Generic ").contains("Page 1 of 1, 1 secret\n");

        Result deleted = cli("secret", "delete", "it/lifecycle", "--recovery-window-days", "7");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(deleted.out()).startsWith("Secret it/lifecycle will be deleted at 20");
        assertThat(cli("secret", "describe", "it/lifecycle").out()).containsPattern("(?m)^PlannedDeleteTime: +20");

        Result restored = cli("secret", "restore", "it/lifecycle");
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(cli("secret", "describe", "it/lifecycle").out()).doesNotContain("PlannedDeleteTime");
        assertOk(cli("secret", "get", "it/lifecycle"), second);

        Result forced = cli("secret", "delete", "it/lifecycle", "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(cli("secret", "get", "it/lifecycle").code()).as("get after a forced delete").isEqualTo(3);
    }

    @Test
    void aMissingSecretExitsThreeWithTheApiErrorOnOneLine() throws Exception {
        Result r = cli("secret", "get", "it/no-such-secret");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: Forbidden.ResourceNotFound: ").endsWith("\n");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(cli("secret", "describe", "it/no-such-secret").code()).isEqualTo(3);
    }

    @Test
    void aSecretThatExistsAlreadyIsAConflict() throws Exception {
        assertThat(cli("secret", "create", "--name", "it/twice", "--data", remember("twice-1")).code()).isZero();
        Result again = cli("secret", "create", "--name", "it/twice", "--data", remember("twice-2"));
        assertThat(again.code()).isEqualTo(5);
        assertThat(again.err()).startsWith("error: Rejected.ResourceExist: ");
    }

    // ---- keys ----

    @Test
    void keyCreateAndListAndASecretEncryptedByTheNewKey() throws Exception {
        Result created = cli("key", "create", "--description", "cli it");
        assertThat(created.code()).as(created.err()).isZero();
        Matcher m = Pattern.compile("^Created key (key-\\S+) \\(Aliyun_AES_256, ENCRYPT/DECRYPT, Enabled\\)\n$")
                .matcher(created.out());
        assertThat(m.matches()).as(created.out()).isTrue();
        String keyId = m.group(1);

        Result list = cli("key", "list", "--page-size", "100");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("(?m)^" + keyId + " +acs:kms:");

        assertThat(cli("secret", "create", "--name", "it/with-key", "--key", keyId, "--data", remember("keyed-9")).code())
                .isZero();
        assertThat(cli("secret", "describe", "it/with-key").out()).containsPattern("(?m)^EncryptionKeyId: +" + keyId + "$");
        assertOk(cli("secret", "get", "it/with-key"), "keyed-9");
    }

    // ---- access keys and who may do what ----

    @Test
    void aReaderKeyReadsWhatItWasGrantedAndIsRefusedEverythingElseUntilDisabled() throws Exception {
        String value = remember("granted-value-3Kp");
        assertThat(cli("secret", "create", "--name", "it/granted", "--data", value).code()).isZero();
        assertThat(cli("secret", "create", "--name", "it/not-granted", "--data", remember("hidden-5Zr")).code()).isZero();

        Result created = cli("access-key", "create", "--name", "it-reader", "--role", "reader", "--secret", "it/granted",
                "--json");
        assertThat(created.code()).as(created.err()).isZero();
        JsonNode key = JSON.readTree(created.out());
        String readerId = key.get("AccessKeyId").asText();
        remember(key.get("AccessKeySecret").asText());
        Path readerFile = Files.writeString(home.resolve("reader.json"), created.out());

        assertOk(cli("secret", "get", "it/granted", "--key-file", readerFile.toString()), value);
        Result notGranted = cli("secret", "get", "it/not-granted", "--key-file", readerFile.toString());
        assertThat(notGranted.code()).isEqualTo(4);
        assertThat(notGranted.err()).startsWith("error: Forbidden.NoPermission: ");
        // A reader doing an admin command, on both APIs.
        Result create = cli("secret", "create", "--name", "it/by-reader", "--data", "x", "--key-file", readerFile.toString());
        assertThat(create.code()).isEqualTo(4);
        assertThat(create.err()).startsWith("error: Forbidden.NoPermission: ");
        Result listKeys = cli("access-key", "list", "--key-file", readerFile.toString());
        assertThat(listKeys.code()).isEqualTo(4);
        assertThat(listKeys.err()).startsWith("error: Forbidden.NoPermission: ");

        Result list = cli("access-key", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("(?m)^" + readerId + " +it-reader +Enabled +\\S+ +reader secrets=it/granted$")
                .doesNotContain(key.get("AccessKeySecret").asText()).doesNotContain(adminSecret);

        Result disabled = cli("access-key", "disable", readerId);
        assertThat(disabled.code()).as(disabled.err()).isZero();
        assertThat(disabled.out()).isEqualTo("AccessKey " + readerId + " is Disabled\n");
        Result afterDisable = cli("secret", "get", "it/granted", "--key-file", readerFile.toString());
        assertThat(afterDisable.code()).isEqualTo(4);
        assertThat(afterDisable.err()).startsWith("error: InvalidAccessKeyId.Inactive: ");
        assertThat(cli("access-key", "list").out()).containsPattern("(?m)^" + readerId + " +it-reader +Disabled ");
    }

    @Test
    void accessKeyCreateShowsTheNewSecretOnceAndItWorksFromTheEnvironment() throws Exception {
        Result created = cli("access-key", "create", "--name", "it-admin-2", "--role", "admin");
        assertThat(created.code()).as(created.err()).isZero();
        Matcher m = Pattern.compile("AccessKeyId: +(\\S+)\nAccessKeySecret: +(\\S+)\nName: +it-admin-2\n")
                .matcher(created.out());
        assertThat(m.matches()).as(created.out()).isTrue();
        remember(m.group(2));
        assertThat(created.err()).contains("shown this once");

        // The environment wins over the default key file in the working directory...
        Map<String, String> env = Map.of("ROTATOR_ACCESS_KEY_ID", m.group(1), "ROTATOR_ACCESS_KEY_SECRET", m.group(2),
                "ROTATOR_ENDPOINT", endpoint);
        Result viaEnv = run(env, null, List.of("target", "list"));
        assertThat(viaEnv.code()).as(viaEnv.err()).isZero();
        assertThat(viaEnv.out()).containsPattern("^ID +KIND +SETTINGS\n" + MARIADB_TARGET + " +rds +");
        Result wrongEnv = run(Map.of("ROTATOR_ACCESS_KEY_ID", m.group(1), "ROTATOR_ACCESS_KEY_SECRET", "wrong",
                "ROTATOR_ENDPOINT", endpoint), null, List.of("target", "list"));
        assertThat(wrongEnv.code()).as("a wrong secret in the environment, with a good key file present").isEqualTo(4);
        // ...and an explicit --key-file wins over the environment.
        Result explicit = run(Map.of("ROTATOR_ACCESS_KEY_ID", m.group(1), "ROTATOR_ACCESS_KEY_SECRET", "wrong",
                "ROTATOR_ENDPOINT", endpoint), null, List.of("target", "list", "--key-file",
                home.resolve("data/admin-access-key.json").toString()));
        assertThat(explicit.code()).as(explicit.err()).isZero();
    }

    // ---- a managed secret on a real target ----

    @Test
    void rotateWaitFollowsARealRdsRotationToItsEnd() throws Exception {
        String admin = remember(JSON.createObjectNode().put("AccountName", MariaDb.USER)
                .put("AccountPassword", MariaDb.PASSWORD).toString());
        assertThat(cliWithStdin(admin.getBytes(StandardCharsets.UTF_8), "secret", "create", "--name",
                "cli/mariadb-admin").code()).isZero();
        String database = "cli_e2e_" + Long.toHexString(System.nanoTime());
        String account = "cli_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        MariaDb.sql("CREATE DATABASE `" + database + "`");
        try {
            Result created = cli("secret", "create", "--name", "cli/orders", "--type", "Rds", "--data", "$Auto",
                    "--extended-config", JSON.createObjectNode().put("SecretSubType", "DoubleUsers")
                            .put("DBInstanceId", MARIADB_TARGET).put("AccountName", account)
                            .put("AccountPrivilege", "ReadWrite").put("DBNames", database).toString());
            assertThat(created.code()).as(created.err()).isZero();
            assertThat(created.out()).startsWith("Created secret cli/orders (Rds, version ");

            Result rotated = cli("secret", "rotate", "cli/orders", "--version-id", "r1", "--wait", "--timeout", "2m");

            assertThat(rotated.code()).as(rotated.out() + rotated.err()).isZero();
            assertThat(rotated.out()).startsWith("Rotation of cli/orders requested: version r1\n")
                    .containsPattern("(?m)^\\S+Z\\s+create\\s+Success")
                    .containsPattern("(?m)^\\S+Z\\s+set\\s+Success")
                    .containsPattern("(?m)^\\S+Z\\s+test\\s+Success")
                    .containsPattern("(?m)^\\S+Z\\s+promote\\s+Success")
                    .containsPattern("(?m)^\\S+Z\\s+rotation\\s+Success")
                    .endsWith("Rotated cli/orders: version r1 is ACSCurrent\n");
            JsonNode current = JSON.readTree(cli("secret", "get", "cli/orders").out());
            remember(current.get("AccountPassword").asText());
            assertThat(current.get("AccountName").asText()).as("the clone took over").isEqualTo(account + "_clone");
            assertThat(MariaDb.canLogIn(current.get("AccountName").asText(), current.get("AccountPassword").asText(),
                    database)).as("ACSCurrent logs in").isTrue();
        } finally {
            MariaDb.sql("DROP USER IF EXISTS `" + account + "`@`%`, `" + account + "_clone`@`%`");
            MariaDb.sql("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    /** The throwaway MariaDB of scripts/test-servers.sh; a run without it fails here, it does not skip. */
    private static final class MariaDb {
        static final String HOST = env("ROTATOR_TEST_MARIADB_HOST");
        static final String PORT = env("ROTATOR_TEST_MARIADB_PORT");
        static final String USER = env("ROTATOR_TEST_MARIADB_USER");
        static final String PASSWORD = env("ROTATOR_TEST_MARIADB_PASSWORD");

        private static String env(String name) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                fail(name + " is not set: run the tests through scripts/test.sh, which starts the throwaway servers");
            }
            return value;
        }

        static void sql(String statement) throws Exception {
            try (java.sql.Connection c = connect(USER, PASSWORD, "");
                 java.sql.Statement st = c.createStatement()) {
                st.execute(statement);
            }
        }

        static boolean canLogIn(String user, String password, String database) {
            try (java.sql.Connection c = connect(user, password, database);
                 java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TEMPORARY TABLE probe (id INT)");
                return true;
            } catch (java.sql.SQLException e) {
                return false;
            }
        }

        private static java.sql.Connection connect(String user, String password, String database)
                throws java.sql.SQLException {
            java.util.Properties props = new java.util.Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            return java.sql.DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + PORT + "/" + database, props);
        }
    }

    // ---- failures that need no server side ----

    @Test
    void nothingListeningExitsSixNamingTheEndpointAndSuggestingServe() throws Exception {
        int closed = freePort();
        Result r = run(Map.of(), null, List.of("secret", "get", "x", "--endpoint", "127.0.0.1:" + closed));
        assertThat(r.code()).isEqualTo(6);
        assertThat(r.err()).isEqualTo("error: cannot connect to the worker at http://127.0.0.1:" + closed
                + " (connection refused): is it running? Start it with `rotator serve`, or point --endpoint "
                + "(or ROTATOR_ENDPOINT) at it\n");
    }

    @Test
    void noKeyFileAndNoEnvironmentExitsFourSayingWhatToGive() throws Exception {
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
        Result r = run(Map.of(), elsewhere, List.of("secret", "list", "--endpoint", endpoint));
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).startsWith("error: no AccessKey: the default key file data/admin-access-key.json does not exist");
    }

    @Test
    void aWrongAdminSecretIsRefusedWithoutEchoingIt() throws Exception {
        Path wrong = Files.writeString(home.resolve("wrong.json"), "{\"AccessKeyId\":\""
                + JSON.readTree(home.resolve("data/admin-access-key.json").toFile()).get("AccessKeyId").asText()
                + "\",\"AccessKeySecret\":\"not-the-secret-Vb2\"}");
        Result r = cli("secret", "list", "--key-file", wrong.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).startsWith("error: SignatureDoesNotMatch: ").doesNotContain("not-the-secret-Vb2");
    }

    // ---- helpers ----

    private record Result(int code, String out, String err) {
    }

    /** {@code rotator <args> --endpoint <the worker>}, from the worker's working directory. */
    private Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", endpoint));
        return run(Map.of(), null, all);
    }

    private Result cliWithStdin(byte[] stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", endpoint));
        Path in = Files.write(home.resolve("stdin-" + (++runs)), stdin);
        return run(Map.of(), null, all, in);
    }

    private Result run(Map<String, String> env, Path workingDir, List<String> args) throws Exception {
        return run(env, workingDir, args, null);
    }

    private Result run(Map<String, String> env, Path workingDir, List<String> args, Path stdin) throws Exception {
        int n = ++runs;
        Path out = home.resolve("cli-" + n + ".out");
        Path err = home.resolve("cli-" + n + ".err");
        ProcessBuilder pb = javaProcess(args, env).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.redirectInput(stdin != null ? stdin.toFile() : Files.write(home.resolve("empty-" + n), new byte[0]).toFile());
        Process p = pb.start();
        if (!p.waitFor(CLI_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("rotator " + String.join(" ", args) + " did not end within " + CLI_DEADLINE);
        }
        Result result = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        // Whatever the command, no stack trace and never the admin AccessKeySecret.
        assertThat(result.err()).as("stderr of rotator %s", String.join(" ", args))
                .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(").doesNotContain("Exception");
        if (adminSecret != null) {
            assertThat(result.out() + result.err()).as("output of rotator %s", String.join(" ", args))
                    .doesNotContain(adminSecret);
        }
        return result;
    }

    private ProcessBuilder javaProcess(List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        // The developer's own ROTATOR_* settings must not change what is tested.
        pb.environment().keySet().removeIf(k -> k.startsWith("ROTATOR_"));
        pb.environment().putAll(env);
        return pb;
    }

    private static void assertOk(Result r, String expectedOut) {
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expectedOut);
    }

    private String remember(String value) {
        secretValues.add(value);
        return value;
    }

    private void awaitHealthy(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!worker.isAlive()) {
                fail("worker exited with " + worker.exitValue() + "; output:\n" + Files.readString(workerLog));
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                // reset while binding: not up yet
            }
            Thread.sleep(100);
        }
        fail("no 200 from /healthz within " + START_DEADLINE + "; output:\n" + Files.readString(workerLog));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
