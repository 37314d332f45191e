package dev.rotator.worker.api.openapi.secrets;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import com.aliyun.kms20160120.models.RotateSecretResponseBody;
import com.aliyun.tea.TeaException;
import dev.rotator.core.SecretValue;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import dev.rotator.worker.testing.RunningWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RotateSecret through the kms20160120 client on a managed (Rds) secret of a started worker, whose rotator is
 * a fake target with a gate on its set step: rotate-now is queued and answered at once, the same VersionId again
 * is a success that does nothing, another one while a rotation is in progress is Rejected.SecretRotating.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotateSecretSdkTest {
    private static final String NAME = "rotate/orders-db";
    private RunningWorker api;
    private Client admin;

    @BeforeAll
    void start() throws Exception {
        api = RunningWorker.start();
        admin = api.admin();
        admin.createSecret(new CreateSecretRequest().setSecretName(NAME).setVersionId("v1").setSecretType("Rds")
                .setSecretData("{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Init-pw-1\"}]}")
                .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1")));
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private RotateSecretResponseBody rotate(String versionId) throws Exception {
        return admin.rotateSecret(new RotateSecretRequest().setSecretName(NAME).setVersionId(versionId)).getBody();
    }

    /**
     * RotateSecret, asked again while the last rotation, already promoted, is still ending its run (its trigger not
     * yet cleared: Rejected.SecretRotating), as an operator would.
     */
    private void rotateOnceTheLastRunHasEnded(String versionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                rotate(versionId);
                return;
            } catch (TeaException e) {
                assertThat(e.getCode()).isEqualTo("Rejected.SecretRotating");
                assertThat(Instant.now()).as("the last run ends").isBefore(deadline);
                Thread.sleep(20);
            }
        }
    }

    private Map<String, List<String>> versions() throws Exception {
        return versions(NAME);
    }

    private Map<String, List<String>> versions(String name) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        admin.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name).setIncludeDeprecated("true"))
                .getBody().getVersionIds().getVersionId()
                .forEach(v -> out.put(v.getVersionId(), v.getVersionStages().getVersionStage()));
        return out;
    }

    private void awaitCurrent(String versionId) throws Exception {
        awaitCurrent(NAME, versionId);
    }

    private void awaitCurrent(String name, String versionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!versions(name).getOrDefault(versionId, List.of()).contains("ACSCurrent")) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("version " + versionId + " never became ACSCurrent: " + versions(name));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void rotateNowIsQueuedAnsweredAtOnceIdempotentAndOneAtATime() throws Exception {
        api.rotator.hold();
        RotateSecretResponseBody r = rotate("r1");
        assertThat(r.getVersionId()).isEqualTo("r1");
        assertThat(r.getSecretName()).isEqualTo(NAME);
        assertThat(r.getArn()).isEqualTo("acs:kms:cn-hangzhou:1234567890123456:secret/" + NAME);

        api.rotator.awaitSetStarted(); // the rotation runs on the scheduler, after the answer, and is held there
        assertThat(versions()).as("in progress: the current version is untouched")
                .containsEntry("v1", List.of("ACSCurrent")).containsEntry("r1", List.of("ACSPending"));
        assertThat(rotate("r1").getVersionId()).as("the same VersionId again is a success").isEqualTo("r1");
        var busy = refused(() -> rotate("r2"), 409, "Rejected.SecretRotating");
        assertThat(busy.getMessage()).contains("being rotated");

        api.rotator.release();
        awaitCurrent("r1");
        assertThat(versions()).containsExactly(Map.entry("v1", List.of("ACSPrevious")),
                Map.entry("r1", List.of("ACSCurrent")));
        String current = admin.getSecretValue(new GetSecretValueRequest().setSecretName(NAME)).getBody().getSecretData();
        assertThat(api.rotator.accounts.works(SecretValue.text(current))).as("ACSCurrent logs in on the target").isTrue();

        int creates = api.rotator.accounts.calls(Point.CREATE);
        assertThat(rotate("r1").getVersionId()).as("a finished rotation's VersionId again: nothing to do").isEqualTo("r1");
        rotateOnceTheLastRunHasEnded("r2"); // the repeat of r1 queued nothing
        awaitCurrent("r2");
        assertThat(versions()).containsOnlyKeys("v1", "r1", "r2");
        assertThat(api.rotator.accounts.calls(Point.CREATE)).isEqualTo(creates + 1);
    }

    @Test
    void rotateNowResumesARotationWhoseRetriesWereSpentInsteadOfRefusingIt() throws Exception {
        String name = "rotate/stalled-db";
        admin.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v1").setSecretType("Rds")
                .setSecretData("{\"Accounts\":[{\"AccountName\":\"stalled\",\"AccountPassword\":\"Init-pw-1\"}]}")
                .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1")));
        api.rotator.accounts.failAt(Point.SET_BEFORE, RunningWorker.QUICK_FAILURE.maxAttempts(), "target unreachable");
        admin.rotateSecret(new RotateSecretRequest().setSecretName(name).setVersionId("s1"));

        // Refused while the run still tries; once it has given up, rotate-now resumes its rotation.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        RotateSecretResponseBody resumed = null;
        while (resumed == null) {
            try {
                resumed = admin.rotateSecret(new RotateSecretRequest().setSecretName(name).setVersionId("s2")).getBody();
            } catch (TeaException e) {
                assertThat(e.getCode()).isEqualTo("Rejected.SecretRotating");
                assertThat(Instant.now()).as("rotate-now accepted once the run gave up").isBefore(deadline);
                Thread.sleep(50);
            }
        }
        assertThat(api.rotator.accounts.calls(Point.SET_BEFORE)).isGreaterThanOrEqualTo(
                RunningWorker.QUICK_FAILURE.maxAttempts());
        assertThat(resumed.getVersionId()).as("the stalled rotation is the one that runs").isEqualTo("s1");
        awaitCurrent(name, "s1");
        assertThat(versions(name)).as("no second rotation was started").containsOnlyKeys("v1", "s1");
    }
}
