package dev.rotator.worker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotator.core.SecretType;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who the cluster knows is dead, read where Quartz keeps it: a member's row in QRTZ_SCHEDULER_STATE while it checks
 * in, gone (or stale) once it stopped. Checked against a real clustered scheduler on each server database.
 */
class QuartzInstanceLivenessTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = {"POSTGRESQL", "MARIADB"})
    void aCheckingInMemberIsAliveOneGoneOrSilentIsDeadAndAnUnknownOwnerNeverIs(TestDatabases kind) throws Exception {
        try (TestDatabase db = kind.create()) {
            LocalKeyRing keys = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
            keys.ensureDefaultKey();
            JdbcSecretStore store = new JdbcSecretStore(db.database(), new EnvelopeCipher(keys));
            String member = SchedulerInstance.newId();
            RotationEngine engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS,
                    new FakeAccountsRotator())), new RetryPolicy(1, Duration.ofMillis(10), 1.0, Duration.ofMillis(10)),
                    Duration.ofMinutes(10), member, Clock.systemUTC(), Sleeper.REAL);
            RotationScheduler scheduler = RotationScheduler.start(db.database(), store, engine, 1, true,
                    Clock.systemUTC(), member);
            try {
                QuartzInstanceLiveness liveness = new QuartzInstanceLiveness(db.database().dataSource(), true,
                        SchedulerInstance.newId(), Clock.systemUTC());

                assertThat(liveness.isDead(member)).as("a member checking in").isFalse();
                assertThat(liveness.isDead(SchedulerInstance.newId())).as("no row: recovered, or never a member")
                        .isTrue();
                String silent = SchedulerInstance.newId();
                checkIn(db, silent, System.currentTimeMillis() - 16_000, 7_500);
                assertThat(liveness.isDead(silent)).as("silent for longer than its interval and the grace").isTrue();
                String late = SchedulerInstance.newId();
                checkIn(db, late, System.currentTimeMillis() - 11_000, 7_500);
                assertThat(liveness.isDead(late)).as("late, within Quartz's grace").isFalse();
                assertThat(liveness.isDead("pid@host/1234abcd")).as("an owner that is no instance id: the lease decides")
                        .isFalse();
            } finally {
                scheduler.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void withoutClusterModeAnyOtherInstanceIsAnEarlierDeadStartOfThisWorker(TestDatabases kind) throws Exception {
        try (TestDatabase db = kind.create()) {
            String self = SchedulerInstance.newId();
            QuartzInstanceLiveness liveness = new QuartzInstanceLiveness(db.database().dataSource(), false, self,
                    Clock.systemUTC());
            assertThat(liveness.isDead(self)).isFalse();
            assertThat(liveness.isDead(SchedulerInstance.newId())).isTrue();
            assertThat(liveness.isDead("another-worker")).isFalse();
        }
    }

    private static void checkIn(TestDatabase db, String instance, long at, long interval) throws SQLException {
        try (Connection c = db.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO QRTZ_SCHEDULER_STATE (SCHED_NAME, INSTANCE_NAME, "
                     + "LAST_CHECKIN_TIME, CHECKIN_INTERVAL) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, RotationScheduler.SCHEDULER_NAME);
            ps.setString(2, instance);
            ps.setLong(3, at);
            ps.setLong(4, interval);
            ps.executeUpdate();
        }
    }
}
