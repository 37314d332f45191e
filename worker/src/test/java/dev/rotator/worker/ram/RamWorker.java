package dev.rotator.worker.ram;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.ram.testing.RamServer;
import dev.rotator.ram.testing.RamServer.Credential;
import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.config.ConfigLoader;
import dev.rotator.worker.config.ConfigLoader.Setting;
import dev.rotator.worker.testing.MutableClock;
import dev.rotator.worker.testing.SdkSecrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real worker, started from a configuration file as {@code rotator serve --config} is, with its real RAM rotator
 * (found by ServiceLoader) and one {@code ram} target, the user {@code alice} on a local RAM API:
 *
 * <pre>
 * targets:
 *   - id: alice
 *     kind: ram
 *     endpoint: http://127.0.0.1:PORT
 *     adminSecret: targets/alice/ram-admin
 * </pre>
 *
 * The management AccessKey (user {@code rotator-admin}, allowed the four key actions) is a Generic secret created
 * through the SDK. The rotation engine and scheduler keep time by a {@link MutableClock}, so a test moves past an
 * overlap window without waiting; {@link #restart} starts the worker again on the same data directory.
 */
final class RamWorker implements AutoCloseable {
    static final String USER = "alice";
    static final String ADMIN_SECRET = "targets/alice/ram-admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    final RamServer ram = RamServer.start();
    final MutableClock clock = new MutableClock(Instant.now());
    private final Path dataDir;
    private final Path configFile;
    Worker worker;
    Client sdk;
    private SdkSecrets secrets;
    private String keyId;
    private String keySecret;

    RamWorker() throws Exception {
        dataDir = Files.createTempDirectory("rotator-ram-e2e-");
        ram.addUser("rotator-admin", RamServer.ALL);
        ram.addUser(USER, Set.of());
        configFile = Files.writeString(dataDir.resolve("rotator.yaml"), """
                rotation:
                  maxAttempts: 2
                  initialBackoff: 50ms
                  maxBackoff: 50ms
                targets:
                  - id: %s
                    kind: ram
                    endpoint: %s
                    adminSecret: %s
                """.formatted(USER, ram.endpoint(), ADMIN_SECRET));
        start();
        Credential admin = ram.addKey("rotator-admin");
        sdk.createSecret(new CreateSecretRequest().setSecretName(ADMIN_SECRET).setVersionId("v1")
                .setSecretData("{\"AccessKeyId\":\"" + admin.accessKeyId() + "\",\"AccessKeySecret\":\""
                        + admin.accessKeySecret() + "\"}"));
    }

    private void start() throws Exception {
        worker = Worker.start(ConfigLoader.load(configFile, Map.of(), List.of(new Setting("dataDir",
                dataDir.toString(), "--data-dir"), new Setting("server.port", "0", "--port"))), Map.of(), clock);
        JsonNode key = JSON.readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
        keyId = key.get("AccessKeyId").asText();
        keySecret = key.get("AccessKeySecret").asText();
        sdk = new Client(new Config().setAccessKeyId(keyId).setAccessKeySecret(keySecret)
                .setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
        secrets = new SdkSecrets(sdk, worker.store());
    }

    /** Stops the worker (as SIGTERM would) and starts it again on the same data directory and configuration. */
    void restart() throws Exception {
        worker.close();
        start();
    }

    /** GetSecretValue's SecretData at a stage (null: ACSCurrent), parsed. */
    JsonNode value(String name, String stage) throws Exception {
        return JSON.readTree(sdk.getSecretValue(new GetSecretValueRequest().setSecretName(name)
                .setVersionStage(stage)).getBody().getSecretData());
    }

    List<String> stagesOf(String name, String versionId) throws Exception {
        return secrets.stagesOf(name, versionId);
    }

    /** RotateSecret with a fresh VersionId, asked again while the last run is still ending ({@link SdkSecrets}). */
    String requestRotation(String name) throws Exception {
        return secrets.requestRotation(name);
    }

    /** Waits until the version is ACSCurrent; a failed rotation fails the test with its error from the audit trail. */
    void awaitCurrent(String name, String versionId) throws Exception {
        secrets.awaitCurrent(name, versionId, TIMEOUT);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** POST /admin/v1/secrets/{name}/rotate with a JSON body, as an operator's curl: the status and body. */
    HttpResponse<String> adminRotate(String name, String json) throws Exception {
        return admin(name, "rotate", HttpRequest.BodyPublishers.ofString(json));
    }

    /** GET /admin/v1/secrets/{name}/{what} (rotation, events): the body. */
    String adminGet(String name, String what) throws Exception {
        return admin(name, what, null).body();
    }

    private HttpResponse<String> admin(String name, String what, HttpRequest.BodyPublisher post) throws Exception {
        String basic = Base64.getEncoder().encodeToString((keyId + ":" + keySecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.port()
                + "/admin/v1/secrets/" + name.replace("/", "%2F") + "/" + what)).header("Authorization", "Basic " + basic);
        return HttpClient.newHttpClient().send(post == null ? request.GET().build() : request.POST(post).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            ram.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
