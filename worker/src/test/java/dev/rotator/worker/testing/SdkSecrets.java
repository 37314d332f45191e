package dev.rotator.worker.testing;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import com.aliyun.tea.TeaException;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.spi.SecretStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rotator.worker.testing.SdkCalls.refused;

/**
 * The calls the end-to-end tests make on a worker's secrets, as an application or operator makes them: through one
 * official kms20160120 client. A rotation waited for that fails fails the test at once with its error, read from the
 * worker's audit trail.
 */
public final class SdkSecrets {
    private static final Duration ROTATION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);

    private final Client sdk;
    private final SecretStore audit;

    /** @param audit the worker's store, whose events tell a failed rotation */
    public SdkSecrets(Client sdk, SecretStore audit) {
        this.sdk = sdk;
        this.audit = audit;
    }

    /** CreateSecret of a managed type, VersionId v0. */
    public void create(String type, String name, String secretData, Map<String, ?> extendedConfig) throws Exception {
        sdk.createSecret(new CreateSecretRequest().setSecretName(name).setSecretType(type).setVersionId("v0")
                .setSecretData(secretData).setExtendedConfig(Map.copyOf(extendedConfig)));
    }

    /** GetSecretValue's SecretData at a stage ({@code null}: ACSCurrent). */
    public String value(String name, String stage) throws Exception {
        return sdk.getSecretValue(new GetSecretValueRequest().setSecretName(name).setVersionStage(stage)).getBody()
                .getSecretData();
    }

    /** The stages of one version, as ListSecretVersionIds shows them. */
    public List<String> stagesOf(String name, String versionId) throws Exception {
        return sdk.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name)).getBody()
                .getVersionIds().getVersionId().stream().filter(v -> v.getVersionId().equals(versionId))
                .flatMap(v -> v.getVersionStages().getVersionStage().stream()).toList();
    }

    /**
     * RotateSecret with a fresh VersionId, which it returns; the rotation runs on the worker's scheduler. Asked again
     * while the last rotation is still ending its run (Rejected.SecretRotating), as an operator would.
     */
    public String requestRotation(String name) throws Exception {
        String versionId = "r-" + UUID.randomUUID();
        Instant deadline = Instant.now().plus(BUSY_TIMEOUT);
        while (true) {
            try {
                sdk.rotateSecret(new RotateSecretRequest().setSecretName(name).setVersionId(versionId));
                return versionId;
            } catch (TeaException e) {
                if (!"Rejected.SecretRotating".equals(e.getCode()) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    /** RotateSecret, waiting until its version is ACSCurrent; returns the version id. */
    public String rotate(String name) throws Exception {
        String versionId = requestRotation(name);
        awaitCurrent(name, versionId, ROTATION_TIMEOUT);
        return versionId;
    }

    /** Waits until the version is ACSCurrent; fails the test when its rotation fails, or after {@code limit}. */
    public void awaitCurrent(String name, String versionId, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!stagesOf(name, versionId).contains("ACSCurrent")) {
            for (RotationEvent e : audit.events(name, 20)) {
                if (versionId.equals(e.token()) && e.step().equals(RotationEngine.ROTATION)
                        && e.outcome().equals("Failure")) {
                    throw new AssertionError("rotation of " + name + " failed: " + e.errorCode() + " "
                            + e.errorMessage());
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("rotation " + versionId + " of " + name + " did not complete in " + limit);
            }
            Thread.sleep(20);
        }
    }

    /** The secret does not exist (DescribeSecret through the SDK is 404). */
    public void assertNoSecret(String name) {
        refused(() -> sdk.describeSecret(new DescribeSecretRequest().setSecretName(name)), 404,
                "Forbidden.ResourceNotFound");
    }
}
