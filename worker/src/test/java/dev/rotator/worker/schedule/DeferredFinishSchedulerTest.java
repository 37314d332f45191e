package dev.rotator.worker.schedule;

import dev.rotator.core.SecretType;
import dev.rotator.core.Stages;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.Rotator;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.DeferringRotator;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import dev.rotator.worker.testing.FakeTargets;
import dev.rotator.worker.testing.MutableClock;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import dev.rotator.worker.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler fires a promoted rotation's deferred finish (RAM's overlap window) when it is due, and a worker
 * started after the due time still runs it; before its time nothing runs. On every database kind.
 */
class DeferredFinishSchedulerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private TestDatabase db;
    private JdbcSecretStore store;
    private final FakeTargets targets = new FakeTargets();
    private final List<RotationScheduler> started = new ArrayList<>();
    private String name;

    /** FakeTargets whose finish waits the rotation's overlap window, or {@code delay}. */
    private Rotator deferring(Duration delay) {
        return new DeferringRotator(targets, delay);
    }

    private void open(TestDatabases kind) {
        db = kind.create();
        store = TestStores.store(db.database());
        name = "deferred/" + UUID.randomUUID();
        targets.target(name).accounts.put("app", "Initial-pw0");
        store.create(TestStores.rds(name), new NewVersion("v1", FakeAccountsRotator.value("app", "Initial-pw0"),
                Instant.now()));
    }

    private RotationScheduler start(Duration delay, Clock clock) {
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, deferring(delay))),
                new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO), Duration.ofMinutes(1),
                "worker-" + started.size(), clock, Sleeper.REAL);
        RotationScheduler s = RotationScheduler.start(db.database(), store, engine, 2,
                db.database().dialect().supportsCluster(), clock);
        started.add(s);
        return s;
    }

    private int finishes() {
        return targets.target(name).calls(Point.FINISH);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (RotationScheduler s : started) {
            s.shutdown(Duration.ofSeconds(5));
        }
        started.clear();
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theFinishFiresWhenDueAndNotBefore(TestDatabases kind) throws Exception {
        open(kind);
        RotationScheduler scheduler = start(Duration.ofSeconds(2), Clock.systemUTC());

        scheduler.rotateNow(name, "t1");
        await("promote", () -> store.versionAt(name, Stages.CURRENT).orElseThrow().versionId().equals("t1"));
        Instant due = store.owedFinish(name).orElseThrow().dueAt().orElseThrow();

        assertThat(finishes()).as("the finish waits").isZero();
        await("the finish", () -> store.owedFinish(name).isEmpty());
        assertThat(finishes()).isEqualTo(1);
        assertThat(Instant.now()).isAfterOrEqualTo(due);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aWorkerStartedAfterTheDueTimeStillFinishes(TestDatabases kind) throws Exception {
        open(kind);
        MutableClock clock = new MutableClock(Instant.now());
        RotationScheduler first = start(Duration.ofHours(48), clock);
        first.rotateNow(name, "t1", RotationOptions.overlap(Duration.ofMinutes(10)));
        await("promote", () -> store.versionAt(name, Stages.CURRENT).orElseThrow().versionId().equals("t1")
                && store.owedFinish(name).isPresent());
        first.sync(store.find(name).orElseThrow());
        Thread.sleep(500);
        assertThat(finishes()).as("ten minutes are not over").isZero();
        first.shutdown(Duration.ofSeconds(5));

        clock.advance(Duration.ofMinutes(11));
        start(Duration.ofHours(48), clock);

        await("the finish after the restart", () -> store.owedFinish(name).isEmpty());
        assertThat(finishes()).isEqualTo(1);
    }
}
