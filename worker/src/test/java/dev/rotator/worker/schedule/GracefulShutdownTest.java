package dev.rotator.worker.schedule;

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
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.rotator.worker.testing.TestStores.rds;
import static dev.rotator.worker.testing.TestStores.store;
import static org.assertj.core.api.Assertions.assertThat;

/** On shutdown a running rotation gets the grace period to finish; past it, the worker goes and the store keeps the rotation resumable. */
class GracefulShutdownTest {
    private TestDatabase db;
    private JdbcSecretStore store;
    private final FakeAccountsRotator accounts = new FakeAccountsRotator();
    private final CountDownLatch setStarted = new CountDownLatch(1);

    @BeforeEach
    void open() {
        db = TestDatabases.H2.create();
        store = store(db.database());
        accounts.accounts.put("app", "Initial-pw0");
        store.create(rds("slow"), new NewVersion("v1", FakeAccountsRotator.value("app", "Initial-pw0"), Instant.now()));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    /** The fake rotator, with a set step that takes {@code setTime}. */
    private RotationScheduler scheduler(Duration setTime) {
        Rotator slow = new Rotator() {
            @Override
            public CreateResponse create(CreateRequest request) {
                return accounts.create(request);
            }

            @Override
            public SetResponse set(SetRequest request) {
                setStarted.countDown();
                try {
                    Thread.sleep(setTime.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return accounts.set(request);
            }

            @Override
            public void test(TestRequest request) {
                accounts.test(request);
            }
        };
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, slow)),
                new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO), Duration.ofMinutes(1), "w1", Clock.systemUTC(),
                Sleeper.REAL);
        return RotationScheduler.start(db.database(), store, engine, 2, false);
    }

    @Test
    void aRunningRotationFinishesWithinTheGracePeriod() throws Exception {
        RotationScheduler scheduler = scheduler(Duration.ofSeconds(2));
        scheduler.rotateNow("slow", "t-graceful");
        assertThat(setStarted.await(30, TimeUnit.SECONDS)).isTrue();

        scheduler.shutdown(Duration.ofSeconds(30));

        assertThat(store.versionAt("slow", Stages.CURRENT).orElseThrow().versionId()).isEqualTo("t-graceful");
        assertThat(store.versionAt("slow", Stages.PENDING)).isEmpty();
    }

    @Test
    void pastTheGracePeriodTheWorkerStopsAndTheRotationStaysResumable() throws Exception {
        RotationScheduler scheduler = scheduler(Duration.ofSeconds(20));
        scheduler.rotateNow("slow", "t-cut");
        assertThat(setStarted.await(30, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        scheduler.shutdown(Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        assertThat(store.versionAt("slow", Stages.CURRENT).orElseThrow().versionId()).isEqualTo("v1");
        assertThat(store.versionAt("slow", Stages.PENDING).orElseThrow().versionId()).isEqualTo("t-cut");
    }
}
