package dev.rotator.worker.schedule;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.worker.testing.SchedulerHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scheduler's side of RotateSecret and DeleteSecret: one queued rotate-now per secret, the same one
 * again harmless; a secret waiting to be deleted has neither a schedule nor a queued rotation.
 */
class RotationRequestsTest {
    private SchedulerHarness harness;
    private final CountDownLatch setStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() {
        harness = new SchedulerHarness();
        for (String name : new String[] {"s", "t", "u"}) {
            harness.createSecret(name);
        }
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        harness.close();
    }

    /** A scheduler whose rotations wait in their set step until the test releases them. */
    private RotationScheduler start(int threads) {
        return harness.start(threads, () -> {
            setStarted.countDown();
            release.await(30, TimeUnit.SECONDS);
        });
    }

    private String current(String name) {
        return harness.current(name);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void oneRotateNowPerSecretAtATimeAndTheSameOneAgainIsHarmless() throws Exception {
        RotationScheduler s = start(2);
        s.rotateNow("s", "a");
        assertThat(setStarted.await(20, TimeUnit.SECONDS)).isTrue();

        s.rotateNow("s", "a"); // a repeat: no error, no second rotation
        assertThatThrownBy(() -> s.rotateNow("s", "b")).isInstanceOfSatisfying(RotatorException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS);
            assertThat(e.getMessage()).contains("being rotated");
        });
        s.rotateNow("t", "a"); // the same token on another secret is another rotation

        release.countDown();
        await("both rotations done", () -> current("s").equals("a") && current("t").equals("a"));
        await("a new token accepted once the first is done", () -> {
            try {
                s.rotateNow("s", "b");
                return true;
            } catch (RotatorException stillRunning) {
                return false;
            }
        });
        await("the second rotation done", () -> current("s").equals("b"));
        assertThat(harness.store.versions("s")).extracting(v -> v.versionId()).containsExactly("v1", "a", "b");
    }

    @Test
    void aSecretPendingDeletionLosesItsScheduleAndQueuedRotationUntilRestored() throws Exception {
        RotationScheduler s = start(1);
        Secret u = harness.store.find("u").orElseThrow();
        Instant next = u.rotation().nextRotation().truncatedTo(ChronoUnit.MILLIS);
        s.sync(u);
        assertThat(s.nextFireTime("u")).isEqualTo(next);

        s.rotateNow("s", "a"); // takes the only thread
        assertThat(setStarted.await(20, TimeUnit.SECONDS)).isTrue();
        s.rotateNow("u", "x"); // queued behind it

        s.sync(u.withPlannedDeleteTime(Instant.now().plus(Duration.ofDays(7))));
        assertThat(s.nextFireTime("u")).isNull();

        release.countDown();
        await("the running rotation done", () -> current("s").equals("a"));
        Thread.sleep(500); // time enough for a queued trigger to fire, had it survived
        assertThat(harness.store.versions("u")).extracting(v -> v.versionId()).containsExactly("v1");

        s.sync(u); // restored
        assertThat(s.nextFireTime("u")).isEqualTo(next);
    }
}
