package dev.rotator.worker.redis;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisServer;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.testing.AdminCalls;
import dev.rotator.worker.testing.RunningWorker;
import dev.rotator.worker.testing.SdkSecrets;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    private final SdkSecrets secrets;

    private RedisWorker(RedisPair redis, RunningWorker worker) throws Exception {
        this.redis = redis;
        this.worker = worker;
        this.sdk = worker.admin();
        this.admin = new AdminCalls(worker);
        this.secrets = new SdkSecrets(sdk, worker.worker.store());
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
        secrets.create("Redis", name, "$Auto", extendedConfig);
    }

    /** GetSecretValue of the stage. */
    public SecretValue value(String name, String stage) throws Exception {
        return SecretValue.text(secrets.value(name, stage));
    }

    public SecretValue current(String name) throws Exception {
        return value(name, "ACSCurrent");
    }

    /** RotateSecret, then ACSCurrent once the rotation has promoted its version. */
    public SecretValue rotate(String name) throws Exception {
        secrets.rotate(name);
        return current(name);
    }

    /** RotateSecret with a new VersionId, which it returns ({@link SdkSecrets#requestRotation}). */
    public String requestRotation(String name) throws Exception {
        return secrets.requestRotation(name);
    }

    /** Waits until the version is ACSCurrent; fails the test after {@code limit}. */
    public void awaitCurrent(String name, String versionId, Duration limit) throws Exception {
        secrets.awaitCurrent(name, versionId, limit);
    }

    public List<String> stagesOf(String name, String versionId) throws Exception {
        return secrets.stagesOf(name, versionId);
    }

    /** DescribeSecret answers 404: no such secret was stored. */
    public void assertNoSecret(String name) {
        secrets.assertNoSecret(name);
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
