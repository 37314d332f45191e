package dev.rotator.worker.testing;

import com.aliyun.kms20160120.Client;
import com.aliyun.tea.TeaException;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.config.ConfigLoader;
import dev.rotator.worker.config.ConfigLoader.Setting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.rotator.worker.testing.SdkCalls.refused;

/**
 * A real worker started from a configuration file, as {@code rotator serve --config} is, with its real rotators
 * (found by ServiceLoader) and the {@code targets:} a test declares; and the SDK calls an application makes, through
 * the official client with the admin AccessKey. Rotations retry twice, 50 ms apart, so a failure shows at once.
 * Shared by the end-to-end tests of each secret type (rds, ecs).
 */
public final class ConfiguredWorker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ROTATION_TIMEOUT = Duration.ofSeconds(60);

    public final Worker worker;
    public final Client sdk;
    private final Path dataDir;
    private final String keyId;
    private final String keySecret;

    private ConfiguredWorker(Path dataDir, String moreYaml, String targetsYaml) throws IOException {
        this.dataDir = dataDir;
        Path file = Files.writeString(dataDir.resolve("rotator.yaml"), moreYaml + """
                rotation:
                  maxAttempts: 2
                  initialBackoff: 50ms
                  maxBackoff: 50ms
                targets:
                """ + targetsYaml);
        worker = Worker.start(ConfigLoader.load(file, Map.of(), List.of(new Setting("dataDir", dataDir.toString(),
                "--data-dir"), new Setting("server.port", "0", "--port"))));
        JsonNode key = JSON.readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
        keyId = key.get("AccessKeyId").asText();
        keySecret = key.get("AccessKeySecret").asText();
        sdk = client();
    }

    /**
     * @param dataDir     a fresh directory, removed on close (or here, when the worker does not start)
     * @param targetsYaml the entries of the {@code targets:} list, indented by two spaces
     */
    public static ConfiguredWorker start(Path dataDir, String targetsYaml) throws IOException {
        return start(dataDir, "", targetsYaml);
    }

    /** {@link #start(Path, String)} with more settings: YAML sections at the top level (e.g. kmsInstance). */
    public static ConfiguredWorker start(Path dataDir, String moreYaml, String targetsYaml) throws IOException {
        try {
            return new ConfiguredWorker(dataDir, moreYaml, targetsYaml);
        } catch (IOException | RuntimeException e) {
            deleteTree(dataDir);
            throw e;
        }
    }

    /** Another official client with the admin AccessKey: one per thread in the concurrency tests. */
    public Client client() {
        try {
            return new Client(new Config().setAccessKeyId(keyId).setAccessKeySecret(keySecret)
                    .setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** CreateSecret of a managed type, VersionId v0. */
    public void create(String type, String name, String secretData, Map<String, ?> extendedConfig) throws Exception {
        sdk.createSecret(new CreateSecretRequest().setSecretName(name).setSecretType(type).setVersionId("v0")
                .setSecretData(secretData).setExtendedConfig(extendedConfig));
    }

    /** GetSecretValue's SecretData at a stage ({@code null}: ACSCurrent). */
    public String value(String name, String stage) throws Exception {
        return read(sdk, name, stage).getSecretData();
    }

    public static GetSecretValueResponseBody read(Client client, String name, String stage) throws Exception {
        return client.getSecretValue(new GetSecretValueRequest().setSecretName(name).setVersionStage(stage)).getBody();
    }

    /**
     * RotateSecret (rotate-now) with a fresh VersionId, then waits until that version is ACSCurrent, as
     * ListSecretVersionIds shows it; a rotation that fails fails the test with its error (from the audit trail).
     */
    public String rotate(String name) throws Exception {
        String versionId = "r-" + UUID.randomUUID();
        long deadline = System.nanoTime() + ROTATION_TIMEOUT.toNanos();
        // The previous rotate-now's job may still be finishing (rescheduling the secret) after its version became
        // ACSCurrent; until its trigger is gone RotateSecret answers Rejected.SecretRotating, no failure of this one.
        while (true) {
            try {
                sdk.rotateSecret(new RotateSecretRequest().setSecretName(name).setVersionId(versionId));
                break;
            } catch (TeaException e) {
                if (!"Rejected.SecretRotating".equals(e.getCode()) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
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
    public void assertNoSecret(String name) {
        refused(() -> sdk.describeSecret(new DescribeSecretRequest().setSecretName(name)), 404,
                "Forbidden.ResourceNotFound");
    }

    public static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @Override
    public void close() throws IOException {
        try {
            worker.close();
        } finally {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
