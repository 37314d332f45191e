package dev.rotator.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.aliyun.kms20160120.Client;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rotator.core.spi.Target;
import dev.rotator.worker.testing.AdminCalls;
import dev.rotator.worker.testing.TestDatabases.EmptyDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Workers of one cluster as separate processes of the packaged jar ({@code java -jar rotator.jar serve}), all on one
 * store database with Quartz in cluster mode, each with its own data directory and port. The first one started
 * makes the root key and the admin AccessKey; the others get a copy of its root.key, as docs/configuration.md says.
 */
final class WorkerProcesses implements AutoCloseable {
    static final Duration START_DEADLINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path dir;
    private final Path config;
    private final List<Proc> started = new ArrayList<>();
    private Path firstDataDir;
    private JsonNode adminKey;

    /** One worker process: its number, port, data directory and log. */
    record Proc(int number, int port, Process process, Path log) {
        String endpoint() {
            return "127.0.0.1:" + port;
        }

        String output() throws IOException {
            return Files.readString(log);
        }

        /** kill -9. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws Exception {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("worker %d stops on SIGTERM", number).isTrue();
        }
    }

    /**
     * Workers with the default rotation.lockLease (10 minutes): a dead worker's run is resumed by another because
     * the cluster knows it is dead, long before its lease would have let it.
     */
    WorkerProcesses(Path dir, EmptyDatabase store, List<Target> targets) throws IOException {
        String property = System.getProperty("rotator.jar");
        if (property == null || property.isBlank()) {
            fail("system property rotator.jar is not set: run this test through maven-failsafe (mvn verify)");
        }
        jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            fail("the packaged jar " + jar + " does not exist: build it with mvn package first");
        }
        this.dir = Files.createDirectories(dir);
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("store", Map.of("url", store.url(), "username", store.user(), "password", store.password(),
                "poolSize", 8));
        // Check-ins each second: a halted worker is declared dead (and its run taken over) ~9 s after it went
        // silent, rather than ~15 s with Quartz's 7.5 s.
        yaml.put("scheduler", Map.of("clustered", "true", "threads", 4, "checkinInterval", "1s"));
        // Quick retries so that a target down for a moment is retried within the run. No lockLease: the default.
        yaml.put("rotation", Map.of("maxAttempts", 20, "initialBackoff", "250ms", "maxBackoff", "1s"));
        yaml.put("shutdown", Map.of("grace", "5s"));
        List<Map<String, Object>> declared = new ArrayList<>();
        for (Target t : targets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("kind", t.kind());
            m.putAll(t.settings());
            declared.add(m);
        }
        yaml.put("targets", declared);
        config = dir.resolve("rotator.yaml");
        new YAMLMapper().writeValue(config.toFile(), yaml);
    }

    /** Starts worker {@code number} and waits until /readyz answers 200; {@code jvmArgs} go before -jar. */
    Proc start(int number, String... jvmArgs) throws Exception {
        Proc proc = launch(number, jvmArgs);
        awaitReady(proc);
        return proc;
    }

    /** Starts worker {@code number} without waiting for it to be ready (it may halt while it starts). */
    Proc launch(int number, String... jvmArgs) throws Exception {
        Path dataDir = dir.resolve("worker-" + number);
        Files.createDirectories(dataDir);
        if (firstDataDir != null && !Files.exists(dataDir.resolve("root.key"))) {
            Files.copy(firstDataDir.resolve("root.key"), dataDir.resolve("root.key"));
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m"));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString(),
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        Path log = dir.resolve("worker-" + number + "-" + started.size() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ROTATOR_"));
        Proc proc = new Proc(number, port, pb.start(), log);
        started.add(proc);
        if (firstDataDir == null) {
            awaitReady(proc);
            firstDataDir = dataDir;
            adminKey = JSON.readTree(dataDir.resolve("admin-access-key.json").toFile());
        }
        return proc;
    }

    /** Starts a worker that halts (exit 137) after the first stored success of {@code step} (the test-only seam). */
    Proc startHaltingAfter(int number, String step) throws Exception {
        return start(number, "-Drotator.test.haltAfterStep=" + step);
    }

    /** {@link #startHaltingAfter} without waiting for it to be ready: for a step it runs as it starts. */
    Proc launchHaltingAfter(int number, String step) throws Exception {
        return launch(number, "-Drotator.test.haltAfterStep=" + step);
    }

    static void awaitReady(Proc proc) throws Exception {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (readyz(proc) != 200) {
            if (!proc.process().isAlive()) {
                fail("worker " + proc.number() + " exited with " + proc.process().exitValue() + "; output:\n"
                        + proc.output());
            }
            if (Instant.now().isAfter(deadline)) {
                fail("worker " + proc.number() + " not ready within " + START_DEADLINE + "; output:\n" + proc.output());
            }
            Thread.sleep(100);
        }
    }

    /** The status of GET /readyz, or -1 when nothing answers. */
    static int readyz(Proc proc) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + proc.endpoint() + "/readyz"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    AdminCalls admin(Proc proc) {
        return new AdminCalls(proc::endpoint, adminKey.get("AccessKeyId").asText(),
                adminKey.get("AccessKeySecret").asText());
    }

    /** The official KMS client on this worker, with the admin AccessKey. */
    Client sdk(Proc proc) throws Exception {
        return new Client(new Config().setAccessKeyId(adminKey.get("AccessKeyId").asText())
                .setAccessKeySecret(adminKey.get("AccessKeySecret").asText()).setEndpoint(proc.endpoint())
                .setProtocol("HTTP").setReadTimeout(30_000).setConnectTimeout(5_000));
    }

    /** Kills what still runs and keeps the logs under target/reliability-logs/{@code name} for a look afterwards. */
    void close(String name) throws InterruptedException, IOException {
        close();
        Path keep = Path.of("target", "reliability-logs", name);
        Files.createDirectories(keep);
        for (Proc p : started) {
            Files.copy(p.log(), keep.resolve(p.log().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Proc p : started) {
            if (p.process().isAlive()) {
                p.kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
