package dev.rotator.worker.store;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotationError;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.Stages;
import dev.rotator.core.Tag;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RecordedEvent;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.rotator.worker.testing.TestStores.generic;
import static dev.rotator.worker.testing.TestStores.rds;
import static dev.rotator.worker.testing.TestStores.store;
import static dev.rotator.worker.testing.TestStores.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's behaviour, the same on H2, PostgreSQL and MariaDB: each database has a subclass
 * that runs these cases on a fresh database of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecretStoreContract {
    private final TestDatabases kind;
    private TestDatabase db;
    private SecretStore store;

    SecretStoreContract(TestDatabases kind) {
        this.kind = kind;
    }

    private static String name() {
        return "test/" + UUID.randomUUID();
    }

    @BeforeAll
    void open() {
        db = kind.create();
        store = store(db.database());
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    Map<String, Set<String>> stages(String secret) {
        return store.versions(secret).stream().collect(Collectors.toMap(VersionInfo::versionId,
                VersionInfo::stages));
    }

    @Test
    void createdSecretHasItsFirstVersionAsCurrent() {
        String n = name();
        store.create(generic(n), version("v1", "hello"));
        assertThat(store.find(n)).get().extracting(Secret::description).isEqualTo("test secret");
        assertThat(store.versionAt(n, Stages.CURRENT)).get()
                .satisfies(v -> assertThat(v.value().text()).isEqualTo("hello"))
                .satisfies(v -> assertThat(v.versionId()).isEqualTo("v1"));
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(Stages.CURRENT)));
    }

    @Test
    void aSecondSecretWithTheSameNameIsRefusedAndChangesNothing() {
        String n = name();
        store.create(generic(n), version("v1", "first"));
        assertThatThrownBy(() -> store.create(generic(n), version("v9", "second")))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXIST))
                .hasMessageContaining("SecretName");
        assertThat(store.versionAt(n, Stages.CURRENT).orElseThrow().value().text()).isEqualTo("first");
        assertThat(store.versions(n)).hasSize(1);
    }

    @Test
    void puttingCurrentMovesPreviousAlong() {
        String n = name();
        store.create(generic(n), version("v1", "a"));
        store.putVersion(n, version("v2", "b"), Set.of(Stages.CURRENT));
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(Stages.PREVIOUS), "v2", Set.of(Stages.CURRENT)));
        store.putVersion(n, version("v3", "c"), Set.of(Stages.CURRENT));
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(), "v2", Set.of(Stages.PREVIOUS),
                "v3", Set.of(Stages.CURRENT)));
    }

    @Test
    void aVersionIdIsUniqueWithinItsSecret() {
        String n = name();
        store.create(generic(n), version("v1", "a"));
        assertThatThrownBy(() -> store.putVersion(n, version("v1", "other"), Set.of(Stages.CURRENT)))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXIST))
                .hasMessageContaining("VersionId");
        assertThat(store.version(n, "v1").orElseThrow().value().text()).isEqualTo("a");
        // The same id in another secret is fine.
        String other = name();
        store.create(generic(other), version("v1", "x"));
        assertThat(store.version(other, "v1")).isPresent();
    }

    @Test
    void customStagesMoveAndAreRemoved() {
        String n = name();
        store.create(generic(n), version("v1", "a"));
        store.putVersion(n, version("v2", "b"), Set.of("MyLabel"));
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(Stages.CURRENT), "v2", Set.of("MyLabel")));
        store.moveStage(n, "MyLabel", "v1");
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(Stages.CURRENT, "MyLabel"), "v2", Set.of()));
        store.removeStage(n, "MyLabel", "v1");
        assertThat(stages(n).get("v1")).containsExactly(Stages.CURRENT);
        assertThatThrownBy(() -> store.removeStage(n, "MyLabel", "v1"))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
    }

    @Test
    void promoteMovesCurrentToPendingWithThePolicyInOneStepAndIsIdempotent() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        store.putVersion(n, version("v2", "b"), Set.of(Stages.CURRENT));
        store.putVersion(n, version("t3", "c"), Set.of(Stages.PENDING));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RotationPolicy after = rds(n).rotation().afterSuccess(at);
        store.promote(n, "t3", at);
        Map<String, Set<String>> expected = Map.of("v1", Set.of(), "v2", Set.of(Stages.PREVIOUS),
                "t3", Set.of(Stages.CURRENT));
        assertThat(stages(n)).isEqualTo(expected);
        assertThat(store.find(n).orElseThrow().rotation()).isEqualTo(after);
        assertThat(store.finishOwed(n)).contains("t3");
        store.promote(n, "t3", at);
        assertThat(stages(n)).isEqualTo(expected);
        store.finished(n, "t3");
        assertThat(store.finishOwed(n)).isEmpty();
    }

    @Test
    void rotationsKeepTheNewestVersionsWithTheirStages() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 1; i <= 12; i++) {
            store.putVersion(n, version("t" + i, "value " + i), Set.of(Stages.PENDING));
            store.promote(n, "t" + i, at);
        }
        assertThat(store.versions(n)).extracting(VersionInfo::versionId)
                .containsExactly("t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11", "t12");
        assertThat(stages(n)).containsEntry("t12", Set.of(Stages.CURRENT)).containsEntry("t11", Set.of(Stages.PREVIOUS));
        assertThat(store.versionAt(n, Stages.CURRENT).orElseThrow().value().text()).isEqualTo("value 12");
        assertThat(store.versionAt(n, Stages.PENDING)).isEmpty();
    }

    @Test
    void promoteGivesThePolicyAsStoredItsAfterSuccessWhateverItsState() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RotationError error = new RotationError("Rejected.RotationFailed", "target down", "set", at);
        store.recordFailure(n, error);
        RotationPolicy invalid = store.find(n).orElseThrow().rotation();
        store.putVersion(n, version("t2", "b"), Set.of(Stages.PENDING));
        store.promote(n, "t2", at.plusSeconds(1));
        Secret promoted = store.find(n).orElseThrow();
        assertThat(promoted.rotation()).isEqualTo(invalid.afterSuccess(at.plusSeconds(1)));
        assertThat(promoted.rotation().state()).isEqualTo(AutomaticRotation.Enabled);
        assertThat(promoted.lastError()).isNull();

        // Turned off while the rotation ran: the promote leaves it off, with no next rotation.
        store.recordRotation(n, RotationPolicy.disabled(), null);
        store.putVersion(n, version("t3", "c"), Set.of(Stages.PENDING));
        store.promote(n, "t3", at.plusSeconds(2));
        assertThat(store.find(n).orElseThrow().rotation())
                .isEqualTo(RotationPolicy.disabled().afterSuccess(at.plusSeconds(2)));
    }

    @Test
    void tryLockAndReadReadsTheRunsStateOnlyWhenItTakesTheLock() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        store.putVersion(n, version("t2", "b"), Set.of(Stages.PENDING));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Set<String> stages = Set.of(Stages.CURRENT, Stages.PREVIOUS, Stages.PENDING);

        SecretStore.RotationState first = store.tryLockAndRead(n, "w1", now, now.plusSeconds(60), stages)
                .orElseThrow().state().orElseThrow();
        assertThat(first).isEqualTo(store.rotationState(n, stages).orElseThrow());
        assertThat(first.staged().get(Stages.PENDING).value().text()).isEqualTo("b");
        assertThat(store.rotationLock(n, now)).contains(new SecretStore.RotationLock("w1", now.plusSeconds(60)));

        assertThat(store.tryLockAndRead(n, "w2", now, now.plusSeconds(60), stages)).as("held by w1").isEmpty();
        assertThat(store.tryLockAndRead(n, "w1", now, now.plusSeconds(90), stages)).as("renewed by its owner")
                .isPresent();
        store.unlock(n, "w1");
        assertThat(store.tryLockAndRead(n, "w2", now, now.plusSeconds(60), stages)).as("given back").isPresent();

        String missing = name();
        assertThat(store.tryLockAndRead(missing, "w1", now, now.plusSeconds(60), stages).orElseThrow().state())
                .as("no such secret").isEmpty();
    }

    @Test
    void fencedWritesRenewTheLockTheyHoldAndWriteNothingOnceItIsTaken() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(store.tryLock(n, "w1", now, now.plusSeconds(60))).isTrue();
        SecretStore.LockFence w1 = new SecretStore.LockFence("w1", now, now.plusSeconds(600));

        store.putVersion(n, version("t2", "b"), Set.of(Stages.PENDING), List.of(), w1);
        assertThat(store.rotationLock(n, now)).contains(new SecretStore.RotationLock("w1", now.plusSeconds(600)));
        store.promote(n, "t2", now, null, List.of(), w1);
        assertThat(store.versionAt(n, Stages.CURRENT).orElseThrow().versionId()).isEqualTo("t2");

        assertThat(store.takeLock(n, "w1", "w2", now.plusSeconds(600))).isTrue();
        Map<String, Set<String>> before = stages(n);
        assertThatThrownBy(() -> store.putVersion(n, version("t3", "c"), Set.of(Stages.PENDING), List.of(), w1))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS));
        assertThat(store.version(n, "t3")).as("nothing written").isEmpty();

        store.putVersion(n, version("t3", "c"), Set.of(Stages.PENDING));
        assertThatThrownBy(() -> store.promote(n, "t3", now, null, List.of(), w1))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS));
        assertThat(store.versionAt(n, Stages.CURRENT).orElseThrow().versionId()).as("not promoted").isEqualTo("t2");
        assertThat(store.versionAt(n, Stages.PENDING).orElseThrow().versionId()).isEqualTo("t3");
        assertThat(store.rotationLock(n, now)).get().extracting(SecretStore.RotationLock::owner).isEqualTo("w2");
        assertThat(before).containsKey("t2");
    }

    @Test
    void aDeferredFinishIsRecordedWithThePromoteAndClearedWhenItRuns() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        store.putVersion(n, version("t2", "b"), Set.of(Stages.PENDING));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant due = at.plus(Duration.ofMinutes(10));

        store.promote(n, "t2", at, due, List.of());

        assertThat(store.owedFinish(n)).contains(new SecretStore.OwedFinish(n, "t2", Optional.of(due)));
        assertThat(store.deferredFinishes()).contains(new SecretStore.OwedFinish(n, "t2", Optional.of(due)));
        assertThat(store.owedFinish(n).orElseThrow().dueBy(at)).isFalse();
        assertThat(store.owedFinish(n).orElseThrow().dueBy(due)).isTrue();
        store.finished(n, "t2");
        assertThat(store.owedFinish(n)).isEmpty();
        assertThat(store.deferredFinishes()).noneMatch(o -> o.secretName().equals(n));

        store.putVersion(n, version("t3", "c"), Set.of(Stages.PENDING));
        store.promote(n, "t3", at);
        assertThat(store.owedFinish(n)).as("a finish owed at once has no due time")
                .contains(new SecretStore.OwedFinish(n, "t3", Optional.empty()));
        assertThat(store.deferredFinishes()).noneMatch(o -> o.secretName().equals(n));
    }

    @Test
    void promoteRelabelsWhateverTheStagesHoldAndLeavesExactlyOneOfEach() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        store.putVersion(n, version("p1", "b"), Set.of(Stages.PENDING));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.promote(n, "p1", at);
        assertThat(stages(n)).as("the first rotation").isEqualTo(Map.of("v1", Set.of(Stages.PREVIOUS),
                "p1", Set.of(Stages.CURRENT)));

        store.moveStage(n, Stages.PREVIOUS, "p1");
        store.putVersion(n, version("v3", "c"), Set.of());
        store.putVersion(n, version("p2", "d"), Set.of(Stages.PENDING));
        store.promote(n, "v3", at);
        assertThat(stages(n)).as("ACSPrevious on the current version; the pending label on another one")
                .isEqualTo(Map.of("v1", Set.of(), "p1", Set.of(Stages.PREVIOUS), "v3", Set.of(Stages.CURRENT),
                        "p2", Set.of()));
        assertThatThrownBy(() -> store.promote(n, "nope", at)).isInstanceOf(RotatorException.class)
                .hasMessageContaining("version 'nope'");
        assertThat(store.versionAt(n, Stages.CURRENT).orElseThrow().versionId()).isEqualTo("v3");
    }

    @Test
    void theEventsOfAVersionOrAPromoteAreStoredWithItOrNotAtAll() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RotationEvent create = new RotationEvent(n, "t2", "create", "Success", 3, null, null, at);
        store.putVersion(n, version("t2", "b"), Set.of(Stages.PENDING), List.of(create));
        assertThat(store.events(n, 10)).containsExactly(create);

        assertThatThrownBy(() -> store.putVersion(n, version("t2", "again"), Set.of(Stages.PENDING),
                List.of(new RotationEvent(n, "t2", "create", "Success", 1, null, null, at))))
                .isInstanceOf(RotatorException.class);
        assertThatThrownBy(() -> store.promote(n, "missing", at,
                List.of(new RotationEvent(n, "missing", "promote", "Success", 1, null, null, at))))
                .isInstanceOf(RotatorException.class);
        assertThat(store.events(n, 10)).as("no event of a change that was refused").containsExactly(create);

        RotationEvent promote = new RotationEvent(n, "t2", "promote", "Success", 2, null, null, at);
        RotationEvent rotation = new RotationEvent(n, "t2", "rotation", "Success", 9, null, null, at);
        store.promote(n, "t2", at, List.of(promote, rotation));
        assertThat(store.events(n, 10)).containsExactly(rotation, promote, create);
        assertThat(store.versionAt(n, Stages.CURRENT).orElseThrow().versionId()).isEqualTo("t2");
    }

    @Test
    void theVersionsOfSeveralStagesAreReadTogetherWithAllTheirStages() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        store.putVersion(n, version("v2", "b"), Set.of(Stages.CURRENT, "Extra"));
        store.putVersion(n, version("p3", "c"), Set.of(Stages.PENDING));
        Map<String, dev.rotator.core.SecretVersion> read = store.versionsAt(n,
                Set.of(Stages.CURRENT, Stages.PREVIOUS, Stages.PENDING, "Absent"));
        assertThat(read).containsOnlyKeys(Stages.CURRENT, Stages.PREVIOUS, Stages.PENDING);
        assertThat(read.get(Stages.CURRENT).value().text()).isEqualTo("b");
        assertThat(read.get(Stages.CURRENT).stages()).containsExactlyInAnyOrder(Stages.CURRENT, "Extra");
        assertThat(read.get(Stages.PREVIOUS).versionId()).isEqualTo("v1");
        assertThat(read.get(Stages.PENDING).value().text()).isEqualTo("c");
        assertThat(store.versionsAt(n, Set.of())).isEmpty();
        assertThat(store.versionsAt(name(), Set.of(Stages.CURRENT))).as("no such secret").isEmpty();
    }

    @Test
    void atMostTenVersionsAreKeptAndTheOldestUnlabelledGoesFirst() {
        String n = name();
        store.create(generic(n), version("v1", "a"));
        store.putVersion(n, version("v2", "b"), Set.of("Keep"));
        for (int i = 3; i <= 13; i++) {
            store.putVersion(n, version("v" + i, "x" + i), Set.of(Stages.CURRENT));
        }
        List<String> ids = store.versions(n).stream().map(VersionInfo::versionId).toList();
        assertThat(ids).hasSize(SecretStore.MAX_VERSIONS)
                .contains("v2", "v12", "v13").doesNotContain("v1", "v3");
    }

    @Test
    void onlyAPendingPlaceholderMayGetItsValueReplaced() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        store.putVersion(n, version("t2", "placeholder"), Set.of(Stages.PENDING));
        store.replacePendingValue(n, "t2", SecretValue.text("minted"));
        assertThat(store.version(n, "t2").orElseThrow().value().text()).isEqualTo("minted");
        assertThatThrownBy(() -> store.replacePendingValue(n, "v1", SecretValue.text("nope")))
                .isInstanceOf(RotatorException.class).hasMessageContaining("not a pending placeholder");
        assertThat(store.version(n, "v1").orElseThrow().value().text()).isEqualTo("a");
    }

    @Test
    void theRotationLockHasOneOwnerUntilReleasedOrExpired() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant t0 = Instant.now();
        assertThat(store.tryLock(n, "A", t0, t0.plusSeconds(60))).isTrue();
        assertThat(store.tryLock(n, "B", t0, t0.plusSeconds(60))).isFalse();
        assertThat(store.tryLock(n, "A", t0, t0.plusSeconds(120))).as("renewal by the owner").isTrue();
        assertThat(store.tryLock(n, "B", t0.plusSeconds(119), t0.plusSeconds(200))).isFalse();
        assertThat(store.tryLock(n, "B", t0.plusSeconds(121), t0.plusSeconds(200))).as("after expiry").isTrue();
        store.unlock(n, "A");
        assertThat(store.tryLock(n, "A", t0.plusSeconds(122), t0.plusSeconds(300))).as("A no longer owns it")
                .isFalse();
        store.unlock(n, "B");
        assertThat(store.tryLock(n, "A", t0.plusSeconds(122), t0.plusSeconds(300))).isTrue();
    }

    @Test
    void aDeadHoldersLockIsTakenByNameWhateverItsLeaseAndByOneTakerOnly() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(store.tryLock(n, "dead", t0, t0.plusSeconds(600))).isTrue();
        assertThat(store.takeLock(n, "dead", "A", t0.plusSeconds(60))).as("first taker").isTrue();
        assertThat(store.takeLock(n, "dead", "B", t0.plusSeconds(60))).as("second taker: no longer dead's").isFalse();
        assertThat(store.rotationLock(n, t0)).contains(new SecretStore.RotationLock("A", t0.plusSeconds(60)));
        assertThat(store.tryLock(n, "B", t0, t0.plusSeconds(60))).as("A holds it now").isFalse();
        assertThat(store.takeLock(name(), "dead", "A", t0.plusSeconds(60))).as("no lock at all").isFalse();
    }

    @Test
    void eventsAreKeptNewestFirstAndOutliveTheSecret() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.append(new RotationEvent(n, "t1", "create", "Success", 5, null, null, at));
        store.append(new RotationEvent(n, "t1", "set", "Failure", 7, "Rejected.RotationFailed", "target down", at));
        List<RotationEvent> events = store.events(n, 10);
        assertThat(events).extracting(RotationEvent::step).containsExactly("set", "create");
        assertThat(events.get(0)).isEqualTo(new RotationEvent(n, "t1", "set", "Failure", 7,
                "Rejected.RotationFailed", "target down", at));
        store.delete(n);
        assertThat(store.find(n)).isEmpty();
        assertThat(store.versions(n)).isEmpty();
        assertThat(store.events(n, 10)).hasSize(2);
    }

    @Test
    void eventsAfterAnIdComeOldestFirstSoThatAReaderCanPageThroughWhatIsNew() {
        String n = name();
        String other = name();
        store.create(rds(n), version("v1", "a"));
        store.create(rds(other), version("v1", "a"));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (String step : List.of("create", "set", "test", "promote", "finish")) {
            store.append(new RotationEvent(n, "t1", step, "Success", 1, null, null, at));
            store.append(new RotationEvent(other, "t9", step, "Success", 1, null, null, at));
        }
        List<RecordedEvent> latest = store.latestEvents(n, 2);
        assertThat(latest).extracting(e -> e.event().step()).containsExactly("finish", "promote");
        assertThat(latest.get(0).id()).isGreaterThan(latest.get(1).id());

        List<RecordedEvent> all = store.eventsAfter(n, 0, 100);
        assertThat(all).extracting(e -> e.event().step()).containsExactly("create", "set", "test", "promote", "finish");
        assertThat(all).extracting(e -> e.event().secretName()).containsOnly(n);
        List<RecordedEvent> firstTwo = store.eventsAfter(n, 0, 2);
        assertThat(firstTwo).extracting(e -> e.event().step()).containsExactly("create", "set");
        assertThat(store.eventsAfter(n, firstTwo.get(1).id(), 100)).extracting(e -> e.event().step())
                .containsExactly("test", "promote", "finish");
        assertThat(store.eventsAfter(n, all.get(4).id(), 100)).isEmpty();
    }

    @Test
    void theRotationLockShowsItsHolderUntilItIsReleasedOrExpires() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(store.rotationLock(n, t0)).isEmpty();
        assertThat(store.tryLock(n, "worker-a", t0, t0.plusSeconds(60))).isTrue();
        assertThat(store.rotationLock(n, t0.plusSeconds(60)))
                .contains(new SecretStore.RotationLock("worker-a", t0.plusSeconds(60)));
        assertThat(store.rotationLocked(n, t0.plusSeconds(60))).isTrue();
        assertThat(store.rotationLock(n, t0.plusSeconds(61))).as("expired").isEmpty();
        store.unlock(n, "worker-a");
        assertThat(store.rotationLock(n, t0)).isEmpty();
    }

    @Test
    void metadataTagsAndRotationStateRoundTrip() {
        String n = name();
        Secret s = rds(n);
        store.create(s, version("v1", "a"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Secret changed = new Secret(n, s.type(), "new description", s.encryptionKeyId(),
                List.of(new Tag("env", "prod"), new Tag("team", "db")), s.extendedConfig(),
                s.rotation().withNextRotation(now.plus(Duration.ofHours(6))), null,
                null, s.createTime().truncatedTo(ChronoUnit.MILLIS), now);
        store.update(changed);
        assertThat(store.find(n)).get().isEqualTo(changed);

        RotationPolicy policy = new RotationPolicy(AutomaticRotation.Invalid, Duration.ofHours(6),
                now.plus(Duration.ofHours(6)), now);
        RotationError error = new RotationError("Rejected.RotationFailed", "target down", "set", now);
        store.recordRotation(n, policy, error);
        Secret read = store.find(n).orElseThrow();
        assertThat(read.rotation()).isEqualTo(policy);
        assertThat(read.lastError()).isEqualTo(error);
        store.recordRotation(n, policy.afterSuccess(now), null);
        assertThat(store.find(n).orElseThrow().lastError()).isNull();
    }

    @Test
    void aFailureIsRecordedOnThePolicyAsStoredAndAPostponementOnlyMovesAnUnchangedDueTime() {
        String n = name();
        store.create(rds(n), version("v1", "a"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RotationError error = new RotationError("Rejected.RotationFailed", "target down", "set", now);
        store.recordFailure(n, error);
        Secret failed = store.find(n).orElseThrow();
        assertThat(failed.rotation()).isEqualTo(new RotationPolicy(AutomaticRotation.Invalid, Duration.ofHours(6),
                now.plus(Duration.ofHours(6)), null));
        assertThat(failed.lastError()).isEqualTo(error);

        Instant due = failed.rotation().nextRotation();
        assertThat(store.postponeRotation(n, due, now.plusSeconds(60))).isTrue();
        assertThat(store.find(n).orElseThrow().rotation().nextRotation()).isEqualTo(now.plusSeconds(60));
        assertThat(store.postponeRotation(n, due, now.plusSeconds(120))).as("the due time moved meanwhile").isFalse();
        assertThat(store.find(n).orElseThrow().rotation().nextRotation()).isEqualTo(now.plusSeconds(60));

        // Turned off (by an operator, while the rotation ran): a failure leaves it off.
        store.recordRotation(n, RotationPolicy.disabled(), null);
        store.recordFailure(n, error);
        assertThat(store.find(n).orElseThrow().rotation()).isEqualTo(RotationPolicy.disabled());
    }

    @Test
    void secretsAreCountedByAutomaticRotationState() {
        Map<AutomaticRotation, Long> before = store.countByAutomaticRotation();
        store.create(generic(name()), version("v1", "a"));
        store.create(rds(name()), version("v1", "b"));
        String failing = name();
        store.create(rds(failing), version("v1", "c"));
        Secret s = store.find(failing).orElseThrow();
        store.recordRotation(failing, s.rotation().withState(AutomaticRotation.Invalid),
                new RotationError("Rejected.RotationFailed", "target down", "test", Instant.now()));

        Map<AutomaticRotation, Long> after = store.countByAutomaticRotation();
        assertThat(after).containsOnlyKeys(AutomaticRotation.values());
        assertThat(after.get(AutomaticRotation.Disabled) - before.get(AutomaticRotation.Disabled)).isEqualTo(1);
        assertThat(after.get(AutomaticRotation.Enabled) - before.get(AutomaticRotation.Enabled)).isEqualTo(1);
        assertThat(after.get(AutomaticRotation.Invalid) - before.get(AutomaticRotation.Invalid)).isEqualTo(1);
        assertThat(after.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(store.count());
    }

    @Test
    void listingPagesByName() {
        String prefix = "page/" + UUID.randomUUID() + "/";
        long before = store.count();
        for (String suffix : List.of("c", "a", "b")) {
            store.create(generic(prefix + suffix), version("v1", "x"));
        }
        assertThat(store.count()).isEqualTo(before + 3);
        List<String> names = store.list(null, 1000).stream().map(Secret::name)
                .filter(x -> x.startsWith(prefix)).toList();
        assertThat(names).containsExactly(prefix + "a", prefix + "b", prefix + "c");
        // A page by name starts after the name given, whatever came before it.
        assertThat(store.list(prefix + "a", 2)).extracting(Secret::name).containsExactly(prefix + "b", prefix + "c");
        assertThat(store.list(prefix + "c", 1000)).extracting(Secret::name).allMatch(x -> x.compareTo(prefix + "c") > 0);
    }

    @Test
    void rawRowsNeverHoldThePlaintext() throws Exception {
        String n = name();
        String plaintext = "PLAINTEXT-MARKER-" + UUID.randomUUID();
        store.create(rds(n), version("v1", plaintext));
        store.putVersion(n, version("v2", plaintext + "-2"), Set.of(Stages.PENDING));
        try (Connection c = db.database().dataSource().getConnection()) {
            for (String table : List.of("secrets", "secret_versions", "secret_stages", "secret_tags", "kms_keys",
                    "rotation_events")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table);
                     ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object raw = rs.getObject(i);
                            String asText = raw instanceof byte[] bytes
                                    ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) : String.valueOf(raw);
                            assertThat(asText).as(table + " column " + i).doesNotContain("PLAINTEXT-MARKER");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aCiphertextMovedToAnotherVersionFailsToDecryptClearly() throws Exception {
        String n = name();
        store.create(generic(n), version("v1", "first value"));
        store.putVersion(n, version("v2", "second value"), Set.of(Stages.CURRENT));
        try (Connection c = db.database().dataSource().getConnection()) {
            copyCiphertext(c, n, "v1", "v2");
        }
        assertThatThrownBy(() -> store.version(n, "v2"))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED))
                .hasMessageContaining("version 'v2'").hasMessageNotContaining("first value");
        assertThat(store.version(n, "v1").orElseThrow().value().text()).isEqualTo("first value");
    }

    /** Puts one version's sealed value (data key and ciphertext) onto another, as an attacker with the database could. */
    private static void copyCiphertext(Connection c, String n, String from, String to) throws Exception {
        byte[] key;
        byte[] ct;
        try (PreparedStatement read = c.prepareStatement("SELECT wrapped_data_key, ciphertext FROM secret_versions "
                + "WHERE secret_name = ? AND version_id = ?")) {
            read.setString(1, n);
            read.setString(2, from);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                key = rs.getBytes(1);
                ct = rs.getBytes(2);
            }
        }
        try (PreparedStatement write = c.prepareStatement("UPDATE secret_versions SET wrapped_data_key = ?, "
                + "ciphertext = ? WHERE secret_name = ? AND version_id = ?")) {
            write.setBytes(1, key);
            write.setBytes(2, ct);
            write.setString(3, n);
            write.setString(4, to);
            assertThat(write.executeUpdate()).isEqualTo(1);
        }
    }
    }
