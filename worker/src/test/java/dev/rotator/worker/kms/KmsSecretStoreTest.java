package dev.rotator.worker.kms;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.ListSecretsRequest;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import com.aliyun.tea.TeaException;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.testing.KmsInstanceFixture;
import dev.rotator.worker.testing.RunningWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.rotator.worker.testing.SdkCalls.message;
import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KMS store: worker A plays the KMS instance ({@link KmsInstanceFixture}), worker B keeps the secrets its
 * configuration names ({@code kmsInstance.secretNames}) in A, with its fake Rds rotator held at will
 * ({@link dev.rotator.worker.testing.GatedRotator}). What B keeps is checked on A directly, as an application of
 * the instance would read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsSecretStoreTest {
    private static final String NAMES = "kms/app,kms/rotating,kms/unborn,kms/restarted,kms/legacy";
    private static final String ACCOUNTS = "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Init-pw-1\"}]}";
    private KmsInstanceFixture instance;
    private Client a;
    private RunningWorker b;

    @BeforeAll
    void start() throws Exception {
        instance = KmsInstanceFixture.start();
        a = instance.direct();
        a.createSecret(new CreateSecretRequest().setSecretName("kms/foreign").setVersionId("f1")
                .setSecretData("foreign-value-5d0a"));
        a.createSecret(new CreateSecretRequest().setSecretName("kms/legacy").setVersionId("l1")
                .setSecretData("legacy-value-3c3c"));
        // Retries long enough to outlast a short outage: 5 tries, 1 s apart.
        b = RunningWorker.start(c -> new WorkerConfig(c.dataDir(), c.server(), c.store(), c.scheduler(),
                new WorkerConfig.Rotation(5, "1s", "1s", "10m"), c.shutdown(), c.kms(),
                instance.settings("", NAMES, ""), c.targets()));
    }

    @AfterAll
    void stop() throws Exception {
        try (KmsInstanceFixture i = instance; RunningWorker w = b) {
            // both closed, B first
        }
    }

    @Test
    void aSecretWrittenThroughBIsAGenericSecretOfTheInstanceWithItsVersionsAndStages() throws Exception {
        b.admin().createSecret(new CreateSecretRequest().setSecretName("kms/app").setVersionId("v1")
                .setSecretData("app-value-1a"));
        b.admin().putSecretValue(new PutSecretValueRequest().setSecretName("kms/app").setVersionId("v2")
                .setSecretData("app-value-2b"));

        assertThat(value(b.admin(), "kms/app", null)).isEqualTo("app-value-2b");
        assertThat(a.describeSecret(new DescribeSecretRequest().setSecretName("kms/app")).getBody().getSecretType())
                .isEqualTo("Generic");
        assertThat(value(a, "kms/app", null)).as("the instance serves the value B wrote").isEqualTo("app-value-2b");
        assertThat(value(a, "kms/app", "ACSPrevious")).isEqualTo("app-value-1a");
        assertThat(versions(a, "kms/app")).containsExactly(Map.entry("v1", List.of("ACSPrevious")),
                Map.entry("v2", List.of("ACSCurrent")));
        assertThat(versionRowsInB("kms/app")).as("no version is kept in B's own database").isZero();

        refused(() -> b.admin().createSecret(new CreateSecretRequest().setSecretName("kms/other").setVersionId("v1")
                .setSecretData("x-value")), 400, "InvalidParameter");
        refused(() -> a.describeSecret(new DescribeSecretRequest().setSecretName("kms/other")), 404,
                "Forbidden.ResourceNotFound");
    }

    @Test
    void otherSecretsOfTheInstanceAreNeitherListedReadRotatedNorChanged() throws Exception {
        assertThat(b.admin().listSecrets(new ListSecretsRequest().setPageSize(100)).getBody().getSecretList()
                .getSecret()).extracting(s -> s.getSecretName()).doesNotContain("kms/foreign");
        refused(() -> value(b.admin(), "kms/foreign", null), 404, "Forbidden.ResourceNotFound");
        refused(() -> b.admin().rotateSecret(new RotateSecretRequest().setSecretName("kms/foreign")
                .setVersionId("r1")), 404, "Forbidden.ResourceNotFound");
        refused(() -> b.admin().putSecretValue(new PutSecretValueRequest().setSecretName("kms/foreign")
                .setVersionId("f2").setSecretData("overwritten")), 404, "Forbidden.ResourceNotFound");
        refused(() -> b.admin().createSecret(new CreateSecretRequest().setSecretName("kms/foreign").setVersionId("f2")
                .setSecretData("overwritten")), 400, "InvalidParameter");

        assertThat(versions(a, "kms/foreign")).containsExactly(Map.entry("f1", List.of("ACSCurrent")));
        assertThat(value(a, "kms/foreign", null)).isEqualTo("foreign-value-5d0a");
    }

    @Test
    void aRotationMovesTheInstancesStagesAndCompletesOnceTheInstanceIsBackFromAnOutage() throws Exception {
        b.admin().createSecret(new CreateSecretRequest().setSecretName("kms/rotating").setVersionId("v1")
                .setSecretType("Rds").setSecretData(ACCOUNTS)
                .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1")));
        assertThat(value(a, "kms/rotating", null)).isEqualTo(ACCOUNTS);

        b.rotator.hold();
        b.admin().rotateSecret(new RotateSecretRequest().setSecretName("kms/rotating").setVersionId("tok-1"));
        b.rotator.awaitSetStarted();
        assertThat(versions(a, "kms/rotating")).as("the pending version is in the instance, under Rotator's label")
                .containsExactly(Map.entry("v1", List.of("ACSCurrent")),
                        Map.entry("tok-1", List.of(KmsSecretStore.PENDING_LABEL)));

        instance.cut();
        RotationEvent retry;
        try {
            b.rotator.release();
            retry = awaitEvent("kms/rotating", "tok-1", "promote", "Retry");
            assertThat(versions(a, "kms/rotating")).as("during the outage ACSCurrent stays where it was")
                    .containsEntry("v1", List.of("ACSCurrent"));
        } finally {
            instance.restore();
        }
        assertThat(retry.errorCode()).isEqualTo("ServiceUnavailable");
        assertThat(retry.errorMessage()).contains("the KMS instance at " + instance.url() + " is unreachable")
                .doesNotContain("Init-pw-1");

        // The promote's outcome is stored once both of the instance's stage changes are made (ACSCurrent, then the
        // pending label off): waiting for ACSCurrent alone could look between the two.
        awaitEvent("kms/rotating", "tok-1", "rotation", "Success");
        assertThat(versions(a, "kms/rotating")).containsExactly(Map.entry("v1", List.of("ACSPrevious")),
                Map.entry("tok-1", List.of("ACSCurrent")));
        String rotated = value(a, "kms/rotating", null);
        assertThat(value(b.admin(), "kms/rotating", null)).isEqualTo(rotated);
        assertThat(b.rotator.accounts.works(dev.rotator.core.SecretValue.text(rotated)))
                .as("ACSCurrent in the instance logs in on the target").isTrue();
    }

    @Test
    void withTheInstanceDownCreateSecretFailsNamingItAndLeavesNothing() throws Exception {
        instance.cut();
        try {
            TeaException e = refused(() -> b.admin().createSecret(new CreateSecretRequest().setSecretName("kms/unborn")
                    .setVersionId("v1").setSecretData("unborn-value-77")), 503, "ServiceUnavailable");
            assertThat(message(e)).contains(instance.url()).doesNotContain("unborn-value-77");
        } finally {
            instance.restore();
        }
        refused(() -> b.admin().describeSecret(new DescribeSecretRequest().setSecretName("kms/unborn")), 404,
                "Forbidden.ResourceNotFound");
        refused(() -> a.describeSecret(new DescribeSecretRequest().setSecretName("kms/unborn")), 404,
                "Forbidden.ResourceNotFound");
    }

    @Test
    void aListedSecretTheInstanceAlreadyHasIsTakenOverWithItsVersions() throws Exception {
        b.admin().createSecret(new CreateSecretRequest().setSecretName("kms/legacy").setVersionId("v2")
                .setSecretType("Rds").setSecretData(ACCOUNTS)
                .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1")));

        assertThat(versions(a, "kms/legacy")).containsExactly(Map.entry("l1", List.of("ACSPrevious")),
                Map.entry("v2", List.of("ACSCurrent")));
        assertThat(value(a, "kms/legacy", "ACSPrevious")).isEqualTo("legacy-value-3c3c");
        assertThat(b.admin().describeSecret(new DescribeSecretRequest().setSecretName("kms/legacy")).getBody()
                .getSecretType()).isEqualTo("Rds");
        assertThat(value(b.admin(), "kms/legacy", null)).isEqualTo(ACCOUNTS);
    }

    @Test
    void aRestartedWorkerFindsItsSecretsWithRotatorsMetadata() throws Exception {
        b.admin().createSecret(new CreateSecretRequest().setSecretName("kms/restarted").setVersionId("v1")
                .setSecretType("Rds").setSecretData(ACCOUNTS).setDescription("orders database")
                .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1")));
        b = b.restart();

        var described = b.admin().describeSecret(new DescribeSecretRequest().setSecretName("kms/restarted")).getBody();
        assertThat(described.getSecretType()).as("the type is Rotator's, not the instance's Generic").isEqualTo("Rds");
        assertThat(described.getDescription()).isEqualTo("orders database");
        assertThat(described.getExtendedConfig()).contains("\"DBInstanceId\":\"db1\"")
                .contains("\"SecretSubType\":\"DoubleUsers\"");
        assertThat(value(b.admin(), "kms/restarted", null)).isEqualTo(ACCOUNTS);
        assertThat(b.admin().listSecrets(new ListSecretsRequest().setPageSize(100)).getBody().getSecretList()
                .getSecret()).extracting(s -> s.getSecretName()).contains("kms/restarted")
                .doesNotContain("kms/foreign");
    }

    private static String value(Client client, String name, String stage) throws Exception {
        return client.getSecretValue(new GetSecretValueRequest().setSecretName(name).setVersionStage(stage)).getBody()
                .getSecretData();
    }

    private static Map<String, List<String>> versions(Client client, String name) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        client.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name).setIncludeDeprecated("true"))
                .getBody().getVersionIds().getVersionId()
                .forEach(v -> out.put(v.getVersionId(), v.getVersionStages().getVersionStage()));
        return out;
    }

    private long versionRowsInB(String name) throws Exception {
        try (Connection c = b.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM secret_versions WHERE secret_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private RotationEvent awaitEvent(String name, String token, String step, String outcome) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Optional<RotationEvent> found = b.worker.store().events(name, 50).stream()
                    .filter(e -> token.equals(e.token()) && step.equals(e.step()) && outcome.equals(e.outcome()))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + step + " " + outcome + " event for " + token + ": "
                + b.worker.store().events(name, 50));
    }
}
