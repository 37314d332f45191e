package dev.rotator.worker.schedule;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.Stages;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.Rotator;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.FakeTargets;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.rotator.worker.testing.TestStores.rds;
import static dev.rotator.worker.testing.TestStores.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scheduler's side of RotateSecret and DeleteSecret: one queued rotate-now per secret, the same one
 * again harmless; a secret waiting to be deleted has neither a schedule nor a queued rotation.
 */
class RotationRequestsTest {
    private TestDatabase db;
    private JdbcSecretStore store;
    /** Each secret on a target of its own: rotations of s and t at once must not overwrite each other's password. */
    private final FakeTargets targets = new FakeTargets();
    private final CountDownLatch setStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private RotationScheduler scheduler;

    @BeforeEach
    void open() {
        db = TestDatabases.H2.create();
        store = store(db.database());
        for (String name : new String[] {"s", "t", "u"}) {
            targets.target(name).accounts.put("app", "Initial-pw0");
            store.create(rds(name), new NewVersion("v1", FakeAccountsRotator.value("app", "Initial-pw0"), Instant.now()));
        }
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        if (scheduler != null) {
            scheduler.shutdown(Duration.ofSeconds(10));
        }
        db.close();
    }

    /** A scheduler whose rotations wait in their set step until the test releases them. */
    private RotationScheduler start(int threads) {
        Rotator held = new Rotator() {
            @Override
            public CreateResponse create(CreateRequest request) {
                return targets.create(request);
            }

            @Override
            public SetResponse set(SetRequest request) {
                setStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return targets.set(request);
            }

            @Override
            public void test(TestRequest request) {
                targets.test(request);
            }
        };
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, held)),
                new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO), Duration.ofMinutes(1), "w1", Clock.systemUTC(),
                Sleeper.REAL);
        scheduler = RotationScheduler.start(db.database(), store, engine, threads, false);
        return scheduler;
    }

    private String current(String name) {
        return store.versionAt(name, Stages.CURRENT).orElseThrow().versionId();
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
        assertThat(store.versions("s")).extracting(v -> v.versionId()).containsExactly("v1", "a", "b");
    }

    @Test
    void aSecretPendingDeletionLosesItsScheduleAndQueuedRotationUntilRestored() throws Exception {
        RotationScheduler s = start(1);
        Secret u = store.find("u").orElseThrow();
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
        assertThat(store.versions("u")).extracting(v -> v.versionId()).containsExactly("v1");

        s.sync(u); // restored
        assertThat(s.nextFireTime("u")).isEqualTo(next);
    }
}
