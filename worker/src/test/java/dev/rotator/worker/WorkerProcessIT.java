package dev.rotator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged jar run the way a user runs it: {@code java -jar rotator.jar serve ...} as its own
 * process, on the embedded H2 store in a fresh data directory.
 */
class WorkerProcessIT {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    // No rotation runs in these tests, so stopping needs far less than the 30 s grace period.
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path jar;

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private int runs;

    @BeforeAll
    static void findJar() {
        String property = System.getProperty("rotator.jar");
        if (property == null || property.isBlank()) {
            fail("system property rotator.jar is not set: run this test through maven-failsafe (mvn verify), "
                    + "which passes ${project.build.directory}/rotator.jar");
        }
        jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            fail("the packaged jar " + jar + " does not exist: build it with mvn package before running *IT tests");
        }
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void firstStartWritesOwnerOnlyKeysStopsOnSigtermAndRestartsOnTheSameDirectory() throws Exception {
        Path dataDir = tmp.resolve("data"); // does not exist yet: the worker creates it
        int port = freePort();

        Run first = start("--data-dir", dataDir.toString(), "--port", Integer.toString(port));
        awaitHealthy(first, port);

        Path rootKey = dataDir.resolve("root.key");
        Path adminKey = dataDir.resolve("admin-access-key.json");
        assertThat(permissions(rootKey)).as("root.key permissions").isEqualTo("rw-------");
        assertThat(permissions(adminKey)).as("admin-access-key.json permissions").isEqualTo("rw-------");
        JsonNode admin = JSON.readTree(adminKey.toFile());
        assertThat(admin.isObject()).isTrue();
        assertThat(admin.fieldNames()).toIterable().containsExactlyInAnyOrder("AccessKeyId", "AccessKeySecret");
        String accessKeyId = admin.get("AccessKeyId").asText();
        String accessKeySecret = admin.get("AccessKeySecret").asText();
        assertThat(accessKeyId).isNotBlank();
        assertThat(accessKeySecret).isNotBlank();
        byte[] adminKeyBytes = Files.readAllBytes(adminKey);
        byte[] rootKeyBytes = Files.readAllBytes(rootKey);

        stopWithSigterm(first);

        // Same data directory: healthy again with the same admin key and root key, nothing regenerated.
        Run second = start("--data-dir", dataDir.toString(), "--port", Integer.toString(port));
        awaitHealthy(second, port);
        assertThat(Files.readAllBytes(adminKey)).as("admin-access-key.json after restart").isEqualTo(adminKeyBytes);
        assertThat(Files.readAllBytes(rootKey)).as("root.key after restart").isEqualTo(rootKeyBytes);
        stopWithSigterm(second);

        // The log names things, never their secret values.
        for (Run run : List.of(first, second)) {
            assertNoSecretsIn(run, accessKeySecret, rootKeyBytes);
        }
    }

    @Test
    void wrongOrMissingRootKeyIsRefusedWithAClearErrorUntilTheRightOneIsRestored() throws Exception {
        Path dataDir = tmp.resolve("data");
        String port = Integer.toString(freePort());
        Run first = start("--data-dir", dataDir.toString(), "--port", port);
        awaitHealthy(first, Integer.parseInt(port));
        stopWithSigterm(first);
        Path rootKey = dataDir.resolve("root.key");
        byte[] backup = Files.readAllBytes(rootKey);

        // Another well-formed key: only the key ring in the store can tell it is not the right one.
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        String other = Base64.getEncoder().encodeToString(otherKey) + "\n";
        Files.writeString(rootKey, other);
        Run wrong = start("--data-dir", dataDir.toString(), "--port", port);
        assertFailsToStart(wrong, Integer.parseInt(port));
        assertThat(wrong.output()).contains("root key does not match the key ring").contains("wrong root.key");
        assertNoSecretsIn(wrong, "", other.getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(rootKey)).as("the wrong root.key is left alone, not replaced").isEqualTo(other);

        // The store holds keys sealed with the lost root key: a fresh one would leave them unreadable, so none is made.
        Files.delete(rootKey);
        Run missing = start("--data-dir", dataDir.toString(), "--port", port);
        assertFailsToStart(missing, Integer.parseInt(port));
        assertThat(missing.output()).contains("root key " + rootKey.toAbsolutePath().normalize() + " is missing");
        assertThat(rootKey).as("root.key after a start without it").doesNotExist();

        // Restored from backup (as the error says), the same store opens again.
        Files.write(rootKey, backup);
        Run restored = start("--data-dir", dataDir.toString(), "--port", port);
        awaitHealthy(restored, Integer.parseInt(port));
        stopWithSigterm(restored);
    }

    @Test
    void configFileSetsDataDirAndPort() throws Exception {
        Path dataDir = tmp.resolve("from-config");
        int port = freePort();
        Path config = tmp.resolve("rotator.yaml");
        Files.writeString(config, """
                dataDir: %s
                server:
                  port: %d
                """.formatted(dataDir, port));

        Run run = start("--config", config.toString());
        awaitHealthy(run, port);
        assertThat(dataDir.resolve("admin-access-key.json")).exists();
        stopWithSigterm(run);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("server:\n  prot: 8080\n", "configuration: unknown key 'server.prot'"),
                Arguments.of("server:\n  port: eighty\n", "configuration: server.port \\(in .*\\) must be a whole number, got 'eighty'"),
                // Only read at SIGTERM, so it must be checked at start: a typo must not break the stop.
                Arguments.of("shutdown:\n  grace: soon\n", "shutdown.grace \\(in .*\\) must be a duration.*got 'soon'"),
                Arguments.of(null, " does not exist"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void badConfigIsNamedAndTheWorkerDoesNotStart(String yaml, String expected) throws Exception {
        int port = freePort();
        Path config = tmp.resolve("rotator.yaml");
        if (yaml != null) {
            Files.writeString(config, yaml);
        }

        Run run = start("--config", config.toString(), "--data-dir", tmp.resolve("data").toString(),
                "--port", Integer.toString(port));
        assertFailsToStart(run, port);
        assertThat(run.output()).containsPattern(expected);
        // Refused before anything is written.
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void sigtermAsSoonAsThePortAnswersStillStopsCleanly() throws Exception {
        int port = freePort();
        Run run = start("--data-dir", tmp.resolve("data").toString(), "--port", Integer.toString(port));
        // /healthz answers before start-up has quite returned; a supervisor may stop the worker right then.
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (!listening(port)) {
            if (!run.process().isAlive() || Instant.now().isAfter(deadline)) {
                fail("worker never listened on port " + port + "; output:\n" + run.output());
            }
            Thread.sleep(1);
        }
        stopWithSigterm(run);
    }

    @Test
    void portAlreadyInUseIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run run = start("--data-dir", tmp.resolve("data").toString(), "--port", Integer.toString(port));
            Process p = run.process();
            assertThat(p.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("exits while the port is taken; output:%n%s", run.output()).isTrue();
            assertThat(p.exitValue()).as("exit code; output:%n%s", run.output()).isNotZero();
            assertThat(run.output()).contains("could not listen on 127.0.0.1:" + port);
            assertNoStackTrace(run);
        }
    }

    // ---- helpers ----

    private record Run(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }
    }

    private Run start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // JVM tuning for a quick start only (C1, serial GC); the worker itself runs as shipped.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString(), "serve"));
        command.addAll(List.of(args));
        Path log = tmp.resolve("run-" + (++runs) + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(tmp.toFile()) // so the default ./data never lands in the build tree
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The developer's own ROTATOR_* settings must not change what is tested.
        pb.environment().keySet().removeIf(k -> k.startsWith("ROTATOR_"));
        Process p = pb.start();
        started.add(p);
        return new Run(p, log);
    }

    private static void awaitHealthy(Run run, int port) throws Exception {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!run.process().isAlive()) {
                fail("worker exited with " + run.process().exitValue() + " before it was healthy; output:\n"
                        + run.output());
            }
            if (healthz(port) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no 200 from /healthz on port " + port + " within " + START_DEADLINE + "; output:\n" + run.output());
    }

    /** SIGTERM (what Process.destroy sends on Linux) must stop the worker cleanly, with exit code 0. */
    private static void stopWithSigterm(Run run) throws Exception {
        run.process().destroy();
        assertThat(run.process().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("worker stops within %s of SIGTERM; output:%n%s", STOP_DEADLINE, run.output()).isTrue();
        assertThat(run.process().exitValue()).as("exit code after SIGTERM; output:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("worker stopped");
        assertNoStackTrace(run);
    }

    /** The worker must exit non-zero on its own, never answering /healthz meanwhile. */
    private static void assertFailsToStart(Run run, int port) throws Exception {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (run.process().isAlive() && Instant.now().isBefore(deadline)) {
            assertThat(healthz(port)).as("/healthz while the worker should be refusing to start; output:%n%s",
                    run.output()).isEqualTo(-1);
            Thread.sleep(100);
        }
        assertThat(run.process().isAlive()).as("worker still running after %s; output:%n%s", START_DEADLINE,
                run.output()).isFalse();
        assertThat(run.process().exitValue()).as("exit code; output:%n%s", run.output()).isNotZero();
        assertThat(run.output()).doesNotContain("worker up");
        assertNoStackTrace(run);
    }

    /** An operator error deserves one clear line, not a Java stack trace. */
    private static void assertNoStackTrace(Run run) throws IOException {
        assertThat(run.output()).as("output").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
                .doesNotContain("Exception");
    }

    private static void assertNoSecretsIn(Run run, String accessKeySecret, byte[] rootKeyFile) throws IOException {
        String out = run.output();
        if (!accessKeySecret.isEmpty()) {
            assertThat(out).as("output of %s", run.log()).doesNotContain(accessKeySecret);
        }
        String rootKeyBase64 = new String(rootKeyFile, StandardCharsets.US_ASCII).strip();
        byte[] raw = Base64.getDecoder().decode(rootKeyBase64);
        assertThat(out).as("output of %s", run.log()).doesNotContain(rootKeyBase64)
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(raw));
    }

    /** The status of GET /healthz, or -1 when nothing listens. */
    private static int healthz(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return -1;
        } catch (IOException e) {
            // e.g. a connection reset while the server is still binding: not up yet
            return -1;
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
