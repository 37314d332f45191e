package dev.rotator.worker.service;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.Stages;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.service.DeleteResult;
import dev.rotator.core.service.RotateResult;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import dev.rotator.worker.testing.TestDatabases;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RotateSecret, DeleteSecret, RestoreSecret and the purge of ended recovery windows through the service. */
abstract class SecretLifecycleContract extends SecretServiceFixture {

    SecretLifecycleContract(TestDatabases kind) {
        super(kind);
    }

    // ---------------------------------------------------------------- RotateSecret

    @Test
    void rotateQueuesTheRotationAndAnswersAtOnce() {
        String n = managed(unique("rotate"));
        RotateResult r = service.rotate(n, "r1");
        assertThat(r).isEqualTo(new RotateResult(n, "r1"));
        assertThat(queued).containsExactly(n + "#r1");
        assertThat(stages(n)).as("nothing rotated yet: the scheduler runs it").isEqualTo(Map.of("v1",
                Set.of(Stages.CURRENT)));

        engine().rotate(n, RotationTrigger.withToken("r1")); // what the queued job does
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(Stages.PREVIOUS), "r1", Set.of(Stages.CURRENT)));

        assertThat(service.rotate(n, "r1")).as("the same VersionId again").isEqualTo(r);
        assertThat(queued).as("a success that does nothing").containsExactly(n + "#r1");
        assertThat(stages(n)).hasSize(2);
    }

    @Test
    void aRotationWhoseRunGaveUpIsResumedByRotateNowAndNoOtherStarts() {
        String n = managed(unique("rotate"));
        accounts.failAt(Point.SET_BEFORE, 1, "target unreachable");
        assertThatThrownBy(() -> engine().rotate(n, RotationTrigger.withToken("p1"))).isInstanceOf(RotatorException.class);
        assertThat(stages(n).get("p1")).as("the failed rotation stays in flight").containsExactly(Stages.PENDING);

        assertThat(service.rotate(n, "r2")).as("resumed, not a new rotation").isEqualTo(new RotateResult(n, "p1"));
        assertThat(queued).containsExactly(n + "#p1");
        assertThat(stages(n)).doesNotContainKey("r2");

        engine().rotate(n, RotationTrigger.withToken("p1")); // the resumed run completes it
        service.rotate(n, "r2");
        assertThat(queued).containsExactly(n + "#p1", n + "#r2");
    }

    @Test
    void aRotationStillTryingIsRefusedAsBeingRotated() {
        String n = managed(unique("rotate"));
        Instant now = clock.instant();
        store.putVersion(n, new NewVersion("p1", FakeAccountsRotator.value("app_clone", "pending-pw"), now),
                Set.of(Stages.PENDING));
        assertRefusedUnchanged(n, () -> service.rotate(n, "r2"), ErrorCode.ROTATION_IN_PROGRESS,
                "Your secret is being rotated");
        assertThat(service.rotate(n, "p1")).as("the in-flight token itself is a repeat")
                .isEqualTo(new RotateResult(n, "p1"));
        assertThat(queued).isEmpty();
    }

    @Test
    void aRunHoldingTheRotationLockRefusesRotateNow() {
        String n = managed(unique("rotate"));
        Instant now = clock.instant();
        assertThat(store.tryLock(n, "another-worker", now, now.plus(Duration.ofMinutes(1)))).isTrue();
        assertRefusedUnchanged(n, () -> service.rotate(n, "r1"), ErrorCode.ROTATION_IN_PROGRESS,
                "Your secret is being rotated");
        clock.advance(Duration.ofMinutes(2)); // the lease expired: that run is dead
        service.rotate(n, "r1");
        assertThat(queued).containsExactly(n + "#r1");
    }

    @Test
    void badRotationsAreRefusedNamingTheFieldAndChangeNothing() {
        String n = managed(unique("rotate"));
        String g = generic(unique("rotate"), "one");
        assertRefusedUnchanged(g, () -> service.rotate(g, "r1"), ErrorCode.INVALID_PARAMETER, "SecretType");
        assertRefusedUnchanged(n, () -> service.rotate(n, "x".repeat(65)), ErrorCode.INVALID_PARAMETER, "VersionId");
        assertRefusedUnchanged(n, () -> service.rotate(n, null), ErrorCode.MISSING_PARAMETER, "VersionId");
        assertRefused(() -> service.rotate("no/such", "r1"), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
    }

    // ---------------------------------------------------------------- DeleteSecret, RestoreSecret

    @Test
    void aDeletedSecretWaitsOutItsWindowAndAnswersOnlyDescribeAndRestore() {
        String n = managed(unique("delete"));
        store.setPolicy(n, "default", "{}", clock.instant());
        DeleteResult deleted = service.delete(n, false, null);
        Instant planned = clock.instant().plus(Duration.ofDays(30));
        assertThat(deleted).isEqualTo(new DeleteResult(n, planned));
        assertThat(scheduled).as("the scheduler drops its schedule").singleElement()
                .satisfies(s -> assertThat(s.plannedDeleteTime()).isEqualTo(planned));
        assertThat(service.describe(n).plannedDeleteTime()).isEqualTo(planned);
        assertThat(service.list(1, 100, "[{\"Key\":\"SecretName\",\"Values\":[\"" + n + "\"]}]", false).secrets())
                .singleElement().satisfies(s -> assertThat(s.plannedDeleteTime()).isEqualTo(planned));

        List<ThrowingCallable> refused = List.of(
                () -> service.getValue(n, null, null, false),
                () -> service.listVersions(n, true, null, null),
                () -> service.update(n, "x", null),
                () -> service.updateRotationPolicy(n, false, null),
                () -> service.rotate(n, "r1"),
                () -> service.delete(n, false, null),
                () -> service.delete(n, true, null),
                () -> service.getPolicy(n, null),
                () -> service.setPolicy(n, null, "{}"),
                () -> service.create(new NewSecretRequest(n, null, utf8(RDS_IMPORT), null,
                        "Rds", RDS_CONFIG, null, false, null, null, null)));
        for (ThrowingCallable call : refused) {
            assertRefusedUnchanged(n, call, ErrorCode.IN_DELETE_WINDOW, "SecretName");
        }
        String g = generic(unique("delete"), "one");
        service.delete(g, false, 7);
        assertRefusedUnchanged(g, () -> service.putValue(g, "v2", utf8("x"), null, null), ErrorCode.IN_DELETE_WINDOW,
                "SecretName");
        assertRefusedUnchanged(g, () -> service.updateVersionStage(g, "L", null, "v1"), ErrorCode.IN_DELETE_WINDOW,
                "SecretName");

        scheduled.clear();
        Secret restored = service.restore(n);
        assertThat(restored.plannedDeleteTime()).isNull();
        assertThat(scheduled).as("the schedule comes back").containsExactly(restored);
        assertThat(service.describe(n).plannedDeleteTime()).isNull();
        assertThat(service.getValue(n, null, null, false).versionId()).isEqualTo("v1");
        assertThat(service.getPolicy(n, null)).isEqualTo("{}");
    }

    @Test
    void theRecoveryWindowIsSevenToThirtyDays() {
        String n = generic(unique("delete"), "one");
        assertRefusedUnchanged(n, () -> service.delete(n, false, 6), ErrorCode.INVALID_PARAMETER,
                "RecoveryWindowInDays");
        assertRefusedUnchanged(n, () -> service.delete(n, false, 31), ErrorCode.INVALID_PARAMETER,
                "RecoveryWindowInDays");
        assertThat(service.delete(n, false, 7).plannedDeleteTime()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertRefused(() -> service.delete("no/such", false, null), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
    }

    @Test
    void aForcedDeletionIsImmediateAndFreesTheName() {
        String n = generic(unique("force"), "one");
        service.setPolicy(n, null, "{\"Version\":\"1\"}");
        DeleteResult r = service.delete(n, true, null);
        assertThat(r.plannedDeleteTime()).isEqualTo(clock.instant());
        assertThat(store.find(n)).isEmpty();
        assertThat(scheduled).last().satisfies(s -> assertThat(s.pendingDeletion()).isTrue());
        assertRefused(() -> service.describe(n), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
        assertRefused(() -> service.restore(n), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");

        generic(n, "again");
        assertThat(service.getValue(n, null, null, false).secretData().text()).isEqualTo("again");
        assertThat(service.getPolicy(n, null)).as("the old policy went with the old secret")
                .isEqualTo(SecretService.EMPTY_POLICY);
    }

    @Test
    void purgeRemovesSecretsWhoseWindowEndedAndNoOthers() {
        String early = generic(unique("purge"), "one");
        String late = generic(unique("purge"), "two");
        String kept = generic(unique("purge"), "three");
        service.delete(early, false, 7);
        service.delete(late, false, 8);

        clock.advance(Duration.ofDays(7).minusMillis(1));
        assertThat(service.purgeExpired(clock.instant())).doesNotContain(early, late, kept);
        assertThat(service.describe(early).pendingDeletion()).isTrue();

        clock.advance(Duration.ofMillis(1));
        assertRefused(() -> service.describe(early), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
        assertRefused(() -> service.restore(early), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
        assertThat(store.find(early)).as("ended, not yet purged").isPresent();
        assertThat(service.purgeExpired(clock.instant())).contains(early).doesNotContain(late, kept);
        assertThat(store.find(early)).isEmpty();
        assertThat(store.versions(early)).isEmpty();
        assertThat(service.describe(late).pendingDeletion()).isTrue();
        assertThat(service.getValue(kept, null, null, false).secretData().text()).isEqualTo("three");
    }

    @Test
    void aNameWhoseWindowEndedCanBeTakenBeforeThePurgeRuns() {
        String n = generic(unique("reuse"), "old");
        service.delete(n, false, 7);
        clock.advance(Duration.ofDays(7));
        generic(n, "new");
        assertThat(service.getValue(n, null, null, false).secretData().text()).isEqualTo("new");
        assertThat(service.listVersions(n, true, null, null).versions()).hasSize(1);
    }

    @Test
    void restoreIsOnlyForASecretInItsWindow() {
        String n = generic(unique("restore"), "one");
        assertRefusedUnchanged(n, () -> service.restore(n), ErrorCode.INVALID_PARAMETER, "SecretName");
        assertRefused(() -> service.restore("no/such"), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
    }

    @Test
    void aRotationThatFailsOnAPendingDeletionSecretChangesNothing() {
        String n = managed(unique("delete"));
        service.delete(n, false, null);
        assertThatThrownBy(() -> engine().rotate(n, RotationTrigger.withToken("r1")))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IN_DELETE_WINDOW));
        assertThat(stages(n)).isEqualTo(Map.of("v1", Set.of(Stages.CURRENT)));
        assertThat(accounts.calls(Point.CREATE)).isZero();
    }
}
