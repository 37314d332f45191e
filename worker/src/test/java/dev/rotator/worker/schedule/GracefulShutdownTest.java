package dev.rotator.worker.schedule;

import dev.rotator.core.Stages;
import dev.rotator.worker.testing.SchedulerHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** On shutdown a running rotation gets the grace period to finish; past it, the worker goes and the store keeps the rotation resumable. */
class GracefulShutdownTest {
    private SchedulerHarness harness;
    private final CountDownLatch setStarted = new CountDownLatch(1);

    @BeforeEach
    void open() {
        harness = new SchedulerHarness();
        harness.createSecret("slow");
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The fake rotator, with a set step that takes {@code setTime}. */
    private RotationScheduler scheduler(Duration setTime) {
        return harness.start(2, () -> {
            setStarted.countDown();
            Thread.sleep(setTime.toMillis());
        });
    }

    @Test
    void aRunningRotationFinishesWithinTheGracePeriod() throws Exception {
        RotationScheduler scheduler = scheduler(Duration.ofSeconds(2));
        scheduler.rotateNow("slow", "t-graceful");
        assertThat(setStarted.await(30, TimeUnit.SECONDS)).isTrue();

        scheduler.shutdown(Duration.ofSeconds(30));

        assertThat(harness.current("slow")).isEqualTo("t-graceful");
        assertThat(harness.store.versionAt("slow", Stages.PENDING)).isEmpty();
    }

    @Test
    void pastTheGracePeriodTheWorkerStopsAndTheRotationStaysResumable() throws Exception {
        RotationScheduler scheduler = scheduler(Duration.ofSeconds(20));
        scheduler.rotateNow("slow", "t-cut");
        assertThat(setStarted.await(30, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        scheduler.shutdown(Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        assertThat(harness.current("slow")).isEqualTo("v1");
        assertThat(harness.store.versionAt("slow", Stages.PENDING).orElseThrow().versionId()).isEqualTo("t-cut");
    }
}
