package dev.rotator.ram;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.ram.testing.RamServer;
import dev.rotator.ram.testing.RamServer.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.rotator.ram.RamFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RAM rotator against the local RAM API, through the official SDK: the cases of issue 8. */
class RamRotatorTest {
    private RamFixture ram;
    /** Alice's one key when the test began, in the tests that start from it (see {@link #oneKeySecret}). */
    private Credential k1;
    private LogCapture logs;
    private final List<String> errors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        logs = new LogCapture();
    }

    @AfterEach
    void noSecretAnywhere() {
        try {
            if (ram != null) {
                List<String> said = new ArrayList<>(logs.lines());
                said.addAll(errors);
                said.addAll(ram.server.calls());
                for (String secret : ram.secrets) {
                    assertThat(said).as("no AccessKeySecret in a log line or error")
                            .noneMatch(line -> line.contains(secret));
                }
                ram.close();
            }
        } finally {
            logs.close();
        }
    }

    /** {@code fixture} as this test's, alice with one key ({@link #k1}), and a secret importing that key. */
    private RamRotation oneKeySecret(RamFixture fixture) {
        ram = fixture;
        k1 = ram.addKey();
        return new RamRotation(ram.rotator, RamFixture.secretData(k1));
    }

    /** The steps up to promote; the key it minted is a secret too. Returns the overlap window. */
    private Duration promoted(RamRotation r) {
        return promoted(r, RotationOptions.NONE);
    }

    private Duration promoted(RamRotation r, RotationOptions options) {
        Duration window = r.rotateUntilPromoted(options);
        ram.secrets.add(r.currentKey().secret());
        return window;
    }

    /** Create and set alone (the worker dies before test and promote): the key minted and stored as ACSPending. */
    private AccessKey mintedAndStored(RamRotation r) {
        r.createIfNone(RotationOptions.NONE);
        r.set(RotationOptions.NONE);
        AccessKey minted = AccessKey.of(r.pending, "pending");
        ram.secrets.add(minted.secret());
        return minted;
    }

    private RotatorException refused(Runnable step) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(step::run);
        assertThat(t).isInstanceOf(RotatorException.class);
        errors.add(t.getMessage());
        return (RotatorException) t;
    }

    @Test
    void firstRotationWithOneKeyKeepsTheOldKeyUntilFinishThenDeletesIt() {
        RamRotation r = oneKeySecret(new RamFixture());
        assertThat(r.currentKey().id()).isEqualTo(k1.accessKeyId());
        assertThat(r.currentKey().generated()).isEqualTo(ram.server.keys(USER).get(0).created());

        Duration window = promoted(r);

        assertThat(window).isEqualTo(Duration.ofHours(48));
        AccessKey k2 = r.currentKey();
        assertThat(k2.id()).isNotEqualTo(k1.accessKeyId());
        assertThat(r.previousKey().id()).isEqualTo(k1.accessKeyId());
        assertThat(ram.server.keyIds(USER)).containsExactlyInAnyOrder(k1.accessKeyId(), k2.id());
        assertThat(ram.works(k1)).as("the old key works through the overlap window").isTrue();
        assertThat(ram.works(k2)).isTrue();

        r.finish();

        assertThat(ram.server.keyIds(USER)).containsExactly(k2.id());
        assertThat(ram.works(k1)).as("deleted keys stop authenticating").isFalse();
        assertThat(ram.works(k2)).isTrue();
        assertThat(ram.server.calls()).anyMatch(c -> c.startsWith("UpdateAccessKey alice -> 200"));
    }

    @Test
    void withTwoKeysTheOneNoStagePointsAtIsDeletedToMakeRoom() {
        ram = new RamFixture();
        Credential a = ram.addKey();
        Credential b = ram.addKey();
        RamRotation r = new RamRotation(ram.rotator, RamFixture.secretData(a, b));
        String chosen = r.currentKey().id();
        String unused = chosen.equals(a.accessKeyId()) ? b.accessKeyId() : a.accessKeyId();

        promoted(r);

        assertThat(ram.server.keyIds(USER)).containsExactlyInAnyOrder(chosen, r.currentKey().id());
        assertThat(ram.server.keyIds(USER)).doesNotContain(unused);
        r.finish();
        assertThat(ram.server.keyIds(USER)).containsExactly(r.currentKey().id());
    }

    @Test
    void withTwoKeysBothStagedTheRotationIsRefusedAndNothingIsDeleted() {
        RamRotation r = oneKeySecret(new RamFixture());
        promoted(r); // k1 is ACSPrevious, the new key ACSCurrent: both staged
        List<String> before = ram.server.keyIds(USER);
        assertThat(before).hasSize(2);
        int callsBefore = ram.server.calls().size();

        RotatorException e = refused(() -> r.rotateUntilPromoted(RotationOptions.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(e.getMessage()).contains("alice", "point at both", "nothing was deleted");
        assertThat(ram.server.keyIds(USER)).isEqualTo(before);
        List<String> calls = ram.server.calls();
        assertThat(calls.subList(callsBefore, calls.size()))
                .noneMatch(c -> c.startsWith("DeleteAccessKey") || c.startsWith("CreateAccessKey"));
    }

    @Test
    void theManagementKeyIsNeverDeletedToMakeRoomEvenWhenItIsTheUsersOwn() {
        ram = new RamFixture();
        ram.server.addUser(USER, RamServer.ALL); // alice may manage her own keys
        Credential adminKey = ram.addKey();
        Credential appKey = ram.addKey();
        ram.value(RamFixture.ADMIN_SECRET, new AccessKey(adminKey.accessKeyId(), adminKey.accessKeySecret(), null)
                .toValue());
        RamRotation r = new RamRotation(ram.rotator, RamFixture.secretData(adminKey, appKey));
        r.current = new AccessKey(appKey.accessKeyId(), appKey.accessKeySecret(), null).toValue();

        RotatorException e = refused(() -> r.rotateUntilPromoted(RotationOptions.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(e.getMessage()).contains("management AccessKey", "nothing was deleted");
        assertThat(ram.server.keyIds(USER)).containsExactly(adminKey.accessKeyId(), appKey.accessKeyId());
    }

    @Test
    void aCrashAfterCreateAccessKeyBeforeTheValueIsStoredLeavesAnOrphanTheResumeDeletesBeforeMintingAgain() {
        RamRotation r = oneKeySecret(new RamFixture());
        r.createIfNone(RotationOptions.NONE);
        ram.server.failNextCreateAfterMinting();

        refused(() -> r.set(RotationOptions.NONE));
        List<String> afterCrash = ram.server.keyIds(USER);
        assertThat(afterCrash).hasSize(2);
        String orphan = afterCrash.stream().filter(id -> !id.equals(k1.accessKeyId())).findFirst().orElseThrow();

        promoted(r); // resumes with the same placeholder

        assertThat(ram.server.keyIds(USER)).containsExactlyInAnyOrder(k1.accessKeyId(), r.currentKey().id())
                .doesNotContain(orphan);
        assertThat(ram.server.minted(USER)).isEqualTo(2);
        assertThat(ram.server.calls()).noneMatch(c -> c.contains("LimitExceeded"));
        assertThat(ram.works(k1)).isTrue();
    }

    @Test
    void aCrashAfterTheMintedKeyIsStoredResumesWithItAndMintsNoOther() {
        RamRotation r = oneKeySecret(new RamFixture());
        String minted = mintedAndStored(r).id();

        r.rotateUntilPromoted(RotationOptions.NONE);

        assertThat(r.currentKey().id()).isEqualTo(minted);
        assertThat(ram.server.minted(USER)).isEqualTo(1);
        assertThat(ram.server.keyIds(USER)).containsExactlyInAnyOrder(k1.accessKeyId(), minted);
    }

    @Test
    void aManagementKeyWithoutPermissionIsAClearErrorAndChangesNothing() {
        RamRotation r = oneKeySecret(new RamFixture(Set.of("ListAccessKeys")));

        RotatorException e = refused(() -> r.rotateUntilPromoted(RotationOptions.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.NO_PERMISSION);
        assertThat(e.getMessage()).contains("CreateAccessKey", "NoPermission", "ram:CreateAccessKey",
                "management AccessKey", "target 'alice'");
        assertThat(ram.server.keyIds(USER)).containsExactly(k1.accessKeyId());
        assertThat(r.currentKey().id()).isEqualTo(k1.accessKeyId());
    }

    @Test
    void aManagementKeyThatMayNotEvenListIsRefusedAtCreation() {
        ram = new RamFixture(Set.of());
        Credential k1 = ram.addKey();

        RotatorException e = refused(() -> new RamRotation(ram.rotator, RamFixture.secretData(k1)));

        assertThat(e.code()).isEqualTo(ErrorCode.NO_PERMISSION);
        assertThat(e.getMessage()).contains("ram:ListAccessKeys");
    }

    @Test
    void theEndOfTheOverlapWindowDeletesExactlyTheOldKey() {
        RamRotation r = oneKeySecret(new RamFixture());
        promoted(r);
        String k2 = r.currentKey().id();
        r.finish();
        assertThat(ram.server.keyIds(USER)).containsExactly(k2);

        promoted(r); // k2 -> k3; ACSPrevious (k1) is long gone
        String k3 = r.currentKey().id();
        r.finish();
        r.finish(); // again, as after a crash: the old key is already gone, nothing else goes

        assertThat(ram.server.keyIds(USER)).containsExactly(k3);
        assertThat(ram.server.calls().stream().filter(c -> c.startsWith("DeleteAccessKey")).count()).isEqualTo(2);
    }

    @Test
    void rotateNowWithAShortWindowDefersTheFinishByThatWindow() {
        RamRotation r = oneKeySecret(new RamFixture());

        Duration window = promoted(r, RotationOptions.overlap(Duration.ofMinutes(10)));

        assertThat(window).isEqualTo(Duration.ofMinutes(10));
        assertThat(ram.works(k1)).isTrue();
    }

    @Test
    void importedDataMustListEveryKeyOfTheUserAndOnlyHers() {
        ram = new RamFixture();
        Credential a = ram.addKey();
        ram.addKey();

        RotatorException missing = refused(() -> new RamRotation(ram.rotator, RamFixture.secretData(a)));
        assertThat(missing.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(missing.getMessage()).contains("SecretData.AccessKeys", "must list every AccessKey");

        Credential stranger = ram.remember(ram.server.addKey(RamFixture.ADMIN_USER));
        RotatorException foreign = refused(() -> new RamRotation(ram.rotator, RamFixture.secretData(a, stranger)));
        assertThat(foreign.getMessage()).contains("SecretData.AccessKeys[1].AccessKeyId", "is not an AccessKey");
    }

    @Test
    void theTestStepRefusesAKeyThatDoesNotAuthenticate() {
        RamRotation r = oneKeySecret(new RamFixture());
        AccessKey minted = mintedAndStored(r);
        ram.server.setStatus(USER, minted.id(), "Inactive");

        RotatorException e = refused(() -> ram.rotator.test(new dev.rotator.core.spi.Rotator.TestRequest(r.secret,
                "t", r.pending)));

        assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_FAILED);
        assertThat(e.getMessage()).contains(minted.id(), "does not authenticate", "InvalidAccessKeyId.Inactive");
        RotatorException wrong = refused(() -> ram.rotator.test(new dev.rotator.core.spi.Rotator.TestRequest(r.secret,
                "t", new AccessKey(k1.accessKeyId(), "not-" + k1.accessKeySecret(), null).toValue())));
        assertThat(wrong.getMessage()).contains("SignatureDoesNotMatch");
    }
}
