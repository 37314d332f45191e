package dev.rotator.worker.kms;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.UpdateSecretVersionStageRequest;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretValue;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.worker.testing.KmsInstanceFixture;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import dev.rotator.worker.testing.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.rotator.worker.testing.SdkCalls.refused;
import static dev.rotator.worker.testing.TestStores.rds;
import static dev.rotator.worker.testing.TestStores.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rotation protocol's store calls on the KMS store, as the engine makes them, against worker A playing the
 * instance: the pending version is found again under ACSPending (resume), promote is the instance's ACSCurrent
 * plus the metadata, and a crash between the two is finished by promoting again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsSecretStoreProtocolTest {
    private static final String TAG = "managed-by=protocol-test";
    private KmsInstanceFixture instance;
    private Client a;
    private TestDatabase db;
    private KmsSecretStore store;

    @BeforeAll
    void open() {
        instance = KmsInstanceFixture.start();
        a = instance.direct();
        db = TestDatabases.H2.create();
        store = new KmsSecretStore(RemoteKms.connect(instance.settings("", "", TAG), Map.of()),
                TestStores.store(db.database()), instance.settings("", "", TAG));
    }

    @AfterAll
    void close() throws Exception {
        try (KmsInstanceFixture i = instance) {
            db.close();
        }
    }

    private static String name() {
        return "protocol/" + UUID.randomUUID();
    }

    private static RotationEvent event(String name, String token, String step) {
        return new RotationEvent(name, token, step, "Success", 1, null, null, Instant.now());
    }

    @Test
    void aPendingVersionIsFoundAgainUnderAcsPendingAndPromoteCommitsInTheInstance() throws Exception {
        String n = name();
        store.create(rds(n), version("v1", "first"));
        store.putVersion(n, version("tok", "second"), Set.of(Stages.PENDING), List.of(event(n, "tok", "create")));

        Map<String, SecretVersion> staged = store.versionsAt(n, Set.of(Stages.CURRENT, Stages.PENDING));
        assertThat(staged.get(Stages.PENDING).versionId()).as("what a resumed rotation reads").isEqualTo("tok");
        assertThat(staged.get(Stages.PENDING).value()).isEqualTo(SecretValue.text("second"));
        assertThat(staged.get(Stages.PENDING).stages()).containsExactly(Stages.PENDING);
        assertThat(staged.get(Stages.CURRENT).versionId()).isEqualTo("v1");
        assertThat(instanceStages(n)).containsEntry("tok", List.of(KmsSecretStore.PENDING_LABEL));
        assertThat(store.events(n, 10)).extracting(RotationEvent::step).containsExactly("create");

        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RotationPolicy after = rds(n).rotation().afterSuccess(at);
        store.promote(n, "tok", at, List.of(event(n, "tok", "promote")));
        assertThat(instanceStages(n)).containsExactly(Map.entry("v1", List.of("ACSPrevious")),
                Map.entry("tok", List.of("ACSCurrent")));
        assertThat(store.find(n).orElseThrow().rotation()).isEqualTo(after);
        assertThat(store.finishOwed(n)).contains("tok");
        assertThat(store.versionAt(n, Stages.PENDING)).isEmpty();

        store.promote(n, "tok", at, List.of());
        assertThat(instanceStages(n)).as("promote again changes nothing").containsExactly(
                Map.entry("v1", List.of("ACSPrevious")), Map.entry("tok", List.of("ACSCurrent")));
    }

    @Test
    void aCrashBetweenTheInstancesAcsCurrentAndTheRestIsFinishedByPromotingAgain() throws Exception {
        String n = name();
        store.create(rds(n), version("v1", "first"));
        store.putVersion(n, version("tok", "second"), Set.of(Stages.PENDING), List.of());
        // What a worker that died right after the commit point leaves: ACSCurrent moved, the pending label and
        // the metadata not yet.
        a.updateSecretVersionStage(new UpdateSecretVersionStageRequest().setSecretName(n).setVersionStage("ACSCurrent")
                .setMoveToVersion("tok"));
        Map<String, SecretVersion> staged = store.versionsAt(n, Set.of(Stages.CURRENT, Stages.PENDING));
        assertThat(staged.get(Stages.PENDING).versionId()).isEqualTo("tok");
        assertThat(staged.get(Stages.CURRENT).versionId()).isEqualTo("tok");
        assertThat(store.finishOwed(n)).isEmpty();

        store.promote(n, "tok", Instant.now(), List.of());
        assertThat(instanceStages(n)).containsExactly(Map.entry("v1", List.of("ACSPrevious")),
                Map.entry("tok", List.of("ACSCurrent")));
        assertThat(store.finishOwed(n)).contains("tok");
    }

    @Test
    void aVersionOfTheInstanceNeverChangesAndDeleteRemovesTheInstancesSecret() throws Exception {
        String n = name();
        store.create(rds(n), version("v1", "first"));
        store.putVersion(n, version("tok", "placeholder"), Set.of(Stages.PENDING), List.of());
        assertThatThrownBy(() -> store.replacePendingValue(n, "tok", SecretValue.text("minted")))
                .isInstanceOf(RotatorException.class).hasMessageContaining("cannot change")
                .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.ROTATION_FAILED));
        assertThat(store.version(n, "tok").orElseThrow().value()).isEqualTo(SecretValue.text("placeholder"));

        store.delete(n);
        assertThat(store.find(n)).isEmpty();
        refused(() -> a.describeSecret(new DescribeSecretRequest().setSecretName(n)), 404,
                "Forbidden.ResourceNotFound");
    }

    private Map<String, List<String>> instanceStages(String name) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        a.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name).setIncludeDeprecated("true"))
                .getBody().getVersionIds().getVersionId()
                .forEach(v -> out.put(v.getVersionId(), v.getVersionStages().getVersionStage()));
        return out;
    }
}
