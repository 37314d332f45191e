package dev.rotator.worker.testing;

import dev.rotator.core.SecretType;
import dev.rotator.core.Stages;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.Rotator;
import dev.rotator.worker.schedule.RotationScheduler;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One worker's scheduler and engine on a fresh embedded store, for tests of the scheduler alone: Rds secrets
 * rotate on {@link FakeTargets}, one attempt per step and no backoff, with a hook ahead of each set step
 * that can hold or slow a rotation down while the test looks at it.
 */
public final class SchedulerHarness implements AutoCloseable {
    private static final String PASSWORD = "Initial-pw0";

    /** Runs ahead of each set step; an interrupt ends the wait and the step goes on, the flag set again. */
    @FunctionalInterface
    public interface BeforeSet {
        void run() throws InterruptedException;
    }

    public final TestDatabase db = TestDatabases.H2.create();
    public final JdbcSecretStore store = TestStores.store(db.database());
    public final FakeTargets targets = new FakeTargets();
    private RotationScheduler scheduler;

    /** An Rds secret whose version v1 holds account "app", which works on the secret's own target. */
    public void createSecret(String name) {
        targets.target(name).accounts.put("app", PASSWORD);
        store.create(TestStores.rds(name), new NewVersion("v1", FakeAccountsRotator.value("app", PASSWORD),
                Instant.now()));
    }

    /** Starts the scheduler (not clustered) with {@code threads} threads. */
    public RotationScheduler start(int threads, BeforeSet beforeSet) {
        Rotator rotator = new Rotator() {
            @Override
            public CreateResponse create(CreateRequest request) {
                return targets.create(request);
            }

            @Override
            public SetResponse set(SetRequest request) {
                try {
                    beforeSet.run();
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
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, rotator)),
                new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO), Duration.ofMinutes(1), "w1", Clock.systemUTC(),
                Sleeper.REAL);
        scheduler = RotationScheduler.start(db.database(), store, engine, threads, false);
        return scheduler;
    }

    /** The version id of the secret's ACSCurrent. */
    public String current(String name) {
        return store.versionAt(name, Stages.CURRENT).orElseThrow().versionId();
    }

    /** Stops the scheduler if the test has not (a held rotation must be released first), then drops the store. */
    @Override
    public void close() throws Exception {
        try {
            if (scheduler != null && scheduler.isRunning()) {
                scheduler.shutdown(Duration.ofSeconds(10));
            }
        } finally {
            db.close();
        }
    }
}
