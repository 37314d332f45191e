package dev.rotator.worker.service;

import dev.rotator.core.DataType;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.SecretType;
import dev.rotator.core.service.PutValueResult;
import dev.rotator.core.service.SecretValueResult;
import dev.rotator.core.service.VersionPage;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.worker.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rotator.core.Stages.CURRENT;
import static dev.rotator.core.Stages.PREVIOUS;
import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** GetSecretValue, PutSecretValue, ListSecretVersionIds and UpdateSecretVersionStage through the service. */
abstract class ValueOperationsContract extends SecretServiceFixture {

    ValueOperationsContract(TestDatabases kind) {
        super(kind);
    }

    private PutValueResult put(String name, String versionId, String value, String stages) {
        return service.putValue(name, versionId, utf8(value), null, stages);
    }

    private String text(String name, String versionId) {
        return service.getValue(name, versionId, null, false).secretData().text();
    }

    // ---------------------------------------------------------------- GetSecretValue

    @Test
    void genericReadsCurrentByDefaultAndAnyVersionByIdOrStage() {
        String n = generic(unique("get"), "one");
        clock.advance(Duration.ofMinutes(1));
        put(n, "v2", "two", null);

        SecretValueResult current = service.getValue(n, null, null, true);
        assertThat(current.secretData().text()).isEqualTo("two");
        assertThat(current.versionId()).isEqualTo("v2");
        assertThat(current.versionStages()).containsExactly(CURRENT);
        assertThat(current.createTime()).isEqualTo(clock.instant());
        assertThat(current.secretType()).isEqualTo(SecretType.GENERIC);
        assertThat(current.secretDataType()).isEqualTo("text");
        assertThat(current.rotation()).as("Generic secrets have no rotation fields").isNull();
        assertThat(current.extendedConfig()).as("ExtendedConfig is ignored for Generic").isNull();

        assertThat(service.getValue(n, "v1", null, false).versionStages()).containsExactly(PREVIOUS);
        assertThat(service.getValue(n, null, PREVIOUS, false).secretData().text()).isEqualTo("one");
        assertThat(service.getValue(n, "v1", PREVIOUS, false).secretData().text()).isEqualTo("one");
    }

    @Test
    void genericRefusesAVersionOrStageThatDoesNotExistNamingIt() {
        String n = generic(unique("get"), "one");
        assertRefused(() -> service.getValue(n, "v9", null, false), ErrorCode.RESOURCE_NOT_FOUND, "VersionId");
        assertRefused(() -> service.getValue(n, null, "MyLabel", false), ErrorCode.RESOURCE_NOT_FOUND, "VersionStage");
        assertRefused(() -> service.getValue(n, null, PREVIOUS, false), ErrorCode.RESOURCE_NOT_FOUND, "VersionStage");
        assertRefused(() -> service.getValue(n, "v1", PREVIOUS, false), ErrorCode.INVALID_PARAMETER, "VersionStage");
        assertRefused(() -> service.getValue(n, "x".repeat(65), null, false), ErrorCode.INVALID_PARAMETER, "VersionId");
        assertRefused(() -> service.getValue("no/such/secret", null, null, false), ErrorCode.RESOURCE_NOT_FOUND,
                "SecretName");
        assertRefused(() -> service.getValue(null, null, null, false), ErrorCode.MISSING_PARAMETER, "SecretName");
    }

    @Test
    void binaryValuesReadBackAsBinary() {
        String n = generic(unique("bin"), "one");
        byte[] bytes = {0, 1, (byte) 0xff, 42};
        service.putValue(n, "v2", bytes, "binary", null);
        SecretValueResult r = service.getValue(n, null, null, false);
        assertThat(r.secretData().bytes()).isEqualTo(bytes);
        assertThat(r.secretData().dataType()).isEqualTo(DataType.BINARY);
        assertThat(r.secretDataType()).isEqualTo("binary");
    }

    @Test
    void managedServesOnlyCurrentAndPreviousAndIgnoresVersionId() {
        String n = managed(unique("db"));
        SecretValueResult r = service.getValue(n, "v-does-not-matter", null, true);
        assertThat(r.versionId()).isEqualTo("v1");
        assertThat(r.rotation()).isNotNull();
        assertThat(r.rotation().interval()).isEqualTo(Duration.ofHours(6));
        assertThat(r.extendedConfig().asMap()).containsEntry("DBInstanceId", "db1");
        assertThat(service.getValue(n, null, null, false).extendedConfig()).isNull();
        assertRefused(() -> service.getValue(n, null, PREVIOUS, false), ErrorCode.RESOURCE_NOT_FOUND, "VersionStage");
        assertRefused(() -> service.getValue(n, null, Stages.PENDING, false), ErrorCode.INVALID_PARAMETER, "VersionStage");
        assertRefused(() -> service.getValue(n, null, "MyLabel", false), ErrorCode.INVALID_PARAMETER, "VersionStage");

        engine().rotate(n, RotationTrigger.withToken("r1"));
        assertThat(service.getValue(n, "v1", null, false).versionId()).isEqualTo("r1");
        SecretValueResult previous = service.getValue(n, "r1", PREVIOUS, false);
        assertThat(previous.versionId()).isEqualTo("v1");
        assertThat(previous.versionStages()).containsExactly(PREVIOUS);
        assertThat(accounts.works(previous.secretData())).as("the previous account still logs in").isTrue();
    }

    // ---------------------------------------------------------------- PutSecretValue

    @Test
    void puttingWithoutStagesFollowsAlibabasStageTable() {
        String n = generic(unique("put"), "one");
        PutValueResult r2 = put(n, "v2", "two", null);
        assertThat(r2.versionStages()).containsExactly(CURRENT);
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(PREVIOUS), "v2", Set.of(CURRENT)));
        put(n, "v3", "three", null);
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(), "v2", Set.of(PREVIOUS), "v3", Set.of(CURRENT)));
        assertThat(text(n, null)).isEqualTo("three");
    }

    @Test
    void puttingWithStagesGivesExactlyThoseAndMovesCurrentOnlyWhenListed() {
        String n = generic(unique("put"), "one");
        assertThat(put(n, "v2", "two", "[\"MyPendingLabel\"]").versionStages()).containsExactly("MyPendingLabel");
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(CURRENT), "v2", Set.of("MyPendingLabel")));
        assertThat(text(n, null)).isEqualTo("one");

        assertThat(put(n, "v3", "three", "{\"VersionStage\":[\"ACSNext\",\"ACSCurrent\"]}").versionStages())
                .containsExactly(CURRENT, "ACSNext");
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(PREVIOUS), "v2", Set.of("MyPendingLabel"),
                "v3", Set.of(CURRENT, "ACSNext")));
    }

    @Test
    void theSameVersionIdAgainIsANoOpWithTheSameDataAndRefusedWithOther() {
        String n = generic(unique("put"), "one");
        PutValueResult first = put(n, "v2", "two", null);
        put(n, "v3", "three", null);
        Snapshot before = snapshot(n);

        PutValueResult again = put(n, "v2", "two", null);
        assertThat(again.versionId()).isEqualTo("v2");
        assertThat(again.versionStages()).as("the labels it carries now").containsExactly(PREVIOUS);
        assertThat(first.versionStages()).containsExactly(CURRENT);
        assertThat(snapshot(n)).isEqualTo(before);

        assertRefusedUnchanged(n, () -> put(n, "v2", "other", null), ErrorCode.RESOURCE_EXIST, "VersionId");
        assertRefusedUnchanged(n, () -> service.putValue(n, "v2", utf8("two"), "binary", null),
                ErrorCode.RESOURCE_EXIST, "VersionId");
        assertThat(put(n, "v1", "one", null).versionStages()).as("v1, the created version, now unlabelled").isEmpty();
        assertThat(snapshot(n)).isEqualTo(before);
    }

    @Test
    void badPutsAreRefusedNamingTheFieldAndChangeNothing() {
        String n = generic(unique("put"), "one");
        String m = managed(unique("db"));
        assertRefusedUnchanged(m, () -> put(m, "v2", "x", null), ErrorCode.INVALID_PARAMETER, "SecretType");
        assertRefusedUnchanged(n, () -> put(n, "v2", "x".repeat(30_721), null), ErrorCode.INVALID_PARAMETER,
                "SecretData");
        assertRefusedUnchanged(n, () -> service.putValue(n, "v2", null, null, null), ErrorCode.MISSING_PARAMETER,
                "SecretData");
        assertRefusedUnchanged(n, () -> put(n, "x".repeat(65), "x", null), ErrorCode.INVALID_PARAMETER, "VersionId");
        assertRefusedUnchanged(n, () -> put(n, null, "x", null), ErrorCode.MISSING_PARAMETER, "VersionId");
        assertRefusedUnchanged(n, () -> service.putValue(n, "v2", utf8("x"), "xml", null), ErrorCode.INVALID_PARAMETER,
                "SecretDataType");
        assertRefusedUnchanged(n, () -> put(n, "v2", "x", "[\"ACSPending\"]"), ErrorCode.INVALID_PARAMETER,
                "VersionStages");
        assertRefusedUnchanged(n, () -> put(n, "v2", "x", "ACSCurrent"), ErrorCode.INVALID_PARAMETER, "VersionStages");
        assertRefusedUnchanged(n, () -> put(n, "v2", "x", "[\"ACSCurrent\",\"ACSPrevious\"]"),
                ErrorCode.INVALID_PARAMETER, "VersionStages");
        assertThat(put(n, "v2", "x".repeat(30_720), null).versionId()).as("30,720 bytes is allowed").isEqualTo("v2");
    }

    @Test
    void aSecretCarriesAtMostEightLabels() {
        String n = generic(unique("put"), "one");
        put(n, "v2", "two", "[\"L1\",\"L2\",\"L3\",\"L4\",\"L5\",\"L6\",\"L7\"]"); // with ACSCurrent: 8 labels
        assertRefusedUnchanged(n, () -> put(n, "v3", "three", "[\"L8\"]"), ErrorCode.LIMIT_EXCEEDED, "VersionStages");
        // Moving ACSCurrent would give v1 ACSPrevious: a ninth label.
        assertRefusedUnchanged(n, () -> put(n, "v3", "three", null), ErrorCode.LIMIT_EXCEEDED, "VersionStages");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, "L8", null, "v1"), ErrorCode.LIMIT_EXCEEDED,
                "VersionStages");
        // Labels that already exist only move: still 8.
        assertThat(put(n, "v3", "three", "[\"L1\"]").versionStages()).containsExactly("L1");
        service.updateVersionStage(n, "L2", null, "v1");
        assertThat(stages(n).get("v1")).containsExactlyInAnyOrder(CURRENT, "L2");
    }

    @Test
    void atMostTenVersionsAreKeptAndTheOldestUnlabelledOneGoesFirst() {
        String n = generic(unique("evict"), "one");
        put(n, "v2", "two", null);
        service.updateVersionStage(n, "Keep", null, "v2");
        for (int i = 3; i <= 11; i++) {
            put(n, "v" + i, "value " + i, null);
        }
        // 11 versions were written: v1, the oldest without a label, went.
        List<String> ids = store.versions(n).stream().map(VersionInfo::versionId).toList();
        assertThat(ids).hasSize(SecretStore.MAX_VERSIONS).doesNotContain("v1").contains("v2", "v3", "v11");
        put(n, "v12", "value 12", null);
        ids = store.versions(n).stream().map(VersionInfo::versionId).toList();
        assertThat(ids).hasSize(SecretStore.MAX_VERSIONS).doesNotContain("v1", "v3").contains("v2", "v4", "v12");
        assertThat(text(n, "v2")).as("a labelled version is kept however old").isEqualTo("two");
        assertRefused(() -> service.getValue(n, "v3", null, false), ErrorCode.RESOURCE_NOT_FOUND, "VersionId");
    }

    // ---------------------------------------------------------------- ListSecretVersionIds

    @Test
    void versionListingHidesUnlabelledVersionsUnlessAskedAndPages() {
        String n = generic(unique("versions"), "one");
        for (int i = 2; i <= 5; i++) {
            put(n, "v" + i, "value " + i, null);
        }
        VersionPage labelled = service.listVersions(n, false, null, null);
        assertThat(labelled.versions()).extracting(VersionInfo::versionId).containsExactly("v4", "v5");
        assertThat(labelled.totalCount()).isEqualTo(2);
        assertThat(labelled.pageSize()).isEqualTo(20);
        assertThat(labelled.pageNumber()).isEqualTo(1);

        VersionPage all = service.listVersions(n, true, null, null);
        assertThat(all.versions()).extracting(VersionInfo::versionId).containsExactly("v1", "v2", "v3", "v4", "v5");
        VersionPage second = service.listVersions(n, true, 2, 2);
        assertThat(second.versions()).extracting(VersionInfo::versionId).containsExactly("v3", "v4");
        assertThat(second.totalCount()).isEqualTo(5);
        assertThat(service.listVersions(n, true, 4, 2).versions()).isEmpty();

        assertRefused(() -> service.listVersions(n, true, 0, null), ErrorCode.INVALID_PARAMETER, "PageNumber");
        assertRefused(() -> service.listVersions(n, true, null, 0), ErrorCode.INVALID_PARAMETER, "PageSize");
        assertRefused(() -> service.listVersions(n, true, null, 101), ErrorCode.INVALID_PARAMETER, "PageSize");
        assertRefused(() -> service.listVersions("no/such", true, null, null), ErrorCode.RESOURCE_NOT_FOUND,
                "SecretName");
    }

    // ---------------------------------------------------------------- UpdateSecretVersionStage

    @Test
    void stagesAreAddedMovedAndRemoved() {
        String n = generic(unique("stage"), "one");
        put(n, "v2", "two", "[\"L\"]");

        service.updateVersionStage(n, "X", null, "v1"); // add
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(CURRENT, "X"), "v2", Set.of("L")));
        service.updateVersionStage(n, "X", "v1", "v2"); // move
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(CURRENT), "v2", Set.of("L", "X")));
        service.updateVersionStage(n, "X", "v2", null); // remove
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(CURRENT), "v2", Set.of("L")));

        service.updateVersionStage(n, CURRENT, null, "v2"); // ACSCurrent moves; its former holder gets ACSPrevious
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(PREVIOUS), "v2", Set.of(CURRENT, "L")));
        assertThat(text(n, null)).isEqualTo("two");
        service.updateVersionStage(n, CURRENT, "v2", "v1"); // and back: a swap
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(CURRENT), "v2", Set.of(PREVIOUS, "L")));
        service.updateVersionStage(n, CURRENT, null, "v1"); // already there: nothing changes
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(CURRENT), "v2", Set.of(PREVIOUS, "L")));
    }

    @Test
    void badStageChangesAreRefusedNamingTheFieldAndChangeNothing() {
        String n = generic(unique("stage"), "one");
        put(n, "v2", "two", "[\"L\"]");
        String m = managed(unique("db"));
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, CURRENT, "v1", null), ErrorCode.INVALID_PARAMETER,
                "MoveToVersion");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, PREVIOUS, "v1", null), ErrorCode.INVALID_PARAMETER,
                "MoveToVersion");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, "L", "v1", "v2"), ErrorCode.INVALID_PARAMETER,
                "RemoveFromVersion");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, "L", "v1", null), ErrorCode.INVALID_PARAMETER,
                "RemoveFromVersion");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, "L", "v9", null), ErrorCode.RESOURCE_NOT_FOUND,
                "RemoveFromVersion");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, "L", null, "v9"), ErrorCode.RESOURCE_NOT_FOUND,
                "MoveToVersion");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, "L", null, null), ErrorCode.MISSING_PARAMETER,
                "RemoveFromVersion, MoveToVersion");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, Stages.PENDING, null, "v2"),
                ErrorCode.INVALID_PARAMETER, "VersionStage");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, "bad label!", null, "v2"),
                ErrorCode.INVALID_PARAMETER, "VersionStage");
        assertRefusedUnchanged(n, () -> service.updateVersionStage(n, null, null, "v2"), ErrorCode.MISSING_PARAMETER,
                "VersionStage");
        assertRefusedUnchanged(m, () -> service.updateVersionStage(m, CURRENT, null, "v1"), ErrorCode.INVALID_PARAMETER,
                "SecretType");
    }

    @Test
    void theStoredValueIsTheBytesThatWerePut() {
        String n = generic(unique("utf8"), "one");
        put(n, "v2", "grüße ✓", null);
        assertThat(service.getValue(n, null, null, false).secretData().bytes())
                .isEqualTo("grüße ✓".getBytes(StandardCharsets.UTF_8));
    }
}
