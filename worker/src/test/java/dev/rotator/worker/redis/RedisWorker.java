package dev.rotator.worker.redis;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import com.aliyun.tea.TeaException;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisServer;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.testing.AdminCalls;
import dev.rotator.worker.testing.RunningWorker;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker whose configuration declares redis target {@link RedisPair#TARGET}: our own throwaway Redis 7 primary
 * and replica, default user behind a password, users in an aclfile. Its admin secret is made through the SDK as an
 * operator makes it; everything else goes through the official kms20160120 client or /admin/v1. Rotation steps are
 * retried for about 15 s, so a node that comes back within that completes the same run.
 */
public final class RedisWorker implements AutoCloseable {
    static final WorkerConfig.Rotation PATIENT = new WorkerConfig.Rotation(40, "250ms", "500ms", "10m");

    public final RedisPair redis;
    public final RunningWorker worker;
    public final Client sdk;
    public final AdminCalls admin;

    private RedisWorker(RedisPair redis, RunningWorker worker) throws Exception {
        this.redis = redis;
        this.worker = worker;
        this.sdk = worker.admin();
        this.admin = new AdminCalls(worker);
        sdk.createSecret(new CreateSecretRequest().setSecretName(RedisPair.ADMIN_SECRET).setVersionId("v1")
                .setSecretData(Accounts.value(RedisServer.ADMIN_USER, RedisServer.ADMIN_PASSWORD).text()));
    }

    public static RedisWorker start() throws Exception {
        RedisPair redis = new RedisPair();
        RunningWorker worker = null;
        try {
            worker = RunningWorker.start(List.of(redis.target()), PATIENT);
            return new RedisWorker(redis, worker);
        } catch (Exception | Error e) {
            if (worker != null) {
                worker.close();
            }
            redis.close();
            throw e;
        }
    }

    public List<RedisServer> nodes() {
        return redis.nodes();
    }

    /** CreateSecret of a Redis secret ($Auto) with this ExtendedConfig. */
    public void create(String name, Map<String, ?> extendedConfig) throws Exception {
        sdk.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v0").setSecretType("Redis")
                .setSecretData("$Auto").setExtendedConfig(Map.copyOf(extendedConfig)));
    }

    /** GetSecretValue of the stage. */
    public SecretValue value(String name, String stage) throws Exception {
        return SecretValue.text(sdk.getSecretValue(new GetSecretValueRequest().setSecretName(name)
                .setVersionStage(stage)).getBody().getSecretData());
    }

    public SecretValue current(String name) throws Exception {
        return value(name, "ACSCurrent");
    }

    /** RotateSecret, then ACSCurrent once the rotation has promoted its version. */
    public SecretValue rotate(String name) throws Exception {
        String versionId = requestRotation(name);
        awaitCurrent(name, versionId, Duration.ofSeconds(30));
        return current(name);
    }

    /**
     * RotateSecret with a new VersionId, which it returns; the rotation runs on the worker's scheduler. Asked again
     * while the last rotation, already promoted, is still ending its run (Rejected.SecretRotating), as an operator
     * would.
     */
    public String requestRotation(String name) throws Exception {
        String versionId = UUID.randomUUID().toString();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
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

    /** Waits until the version is ACSCurrent; fails the test after {@code limit}. */
    public void awaitCurrent(String name, String versionId, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!stagesOf(name, versionId).contains("ACSCurrent")) {
            assertThat(Instant.now()).as("version " + versionId + " of " + name + " becomes ACSCurrent: "
                    + admin.get("/secrets/" + name + "/rotation").body()).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    public List<String> stagesOf(String name, String versionId) throws Exception {
        return sdk.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name)).getBody()
                .getVersionIds().getVersionId().stream().filter(v -> v.getVersionId().equals(versionId))
                .flatMap(v -> v.getVersionStages().getVersionStage().stream()).toList();
    }

    /** DescribeSecret answers 404: no such secret was stored. */
    public void assertNoSecret(String name) {
        refused(() -> sdk.describeSecret(new DescribeSecretRequest().setSecretName(name)), 404,
                "Forbidden.ResourceNotFound");
    }

    /** The user exists on none of the nodes. */
    public void assertNoUser(String user) {
        for (RedisServer node : nodes()) {
            assertThat(RedisPair.user(node, user)).as("ACL user " + user + " on " + node.node()).isNull();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            worker.close();
        } finally {
            redis.close();
        }
    }
}
