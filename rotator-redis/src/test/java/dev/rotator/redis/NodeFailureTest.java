package dev.rotator.redis;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.rotator.redis.testing.Logins.logsIn;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node that is down fails the rotation and leaves ACSCurrent working on every node; once it is back, the
 * engine's retry completes the same rotation. Each test has its own primary and replica, as it stops one.
 */
class NodeFailureTest {

    @Test
    void aNodeDownFailsTheRotationBeforeAnyChangeAndTheRetryCompletesOnceItIsBack() {
        try (RedisPair redis = new RedisPair()) {
            String name = uniqueName("down");
            RedisRotator rotator = new RedisRotator(redis.context());
            Rotation r = RedisSecrets.provisioned(rotator, "redis/down", RedisSecrets.config(name, "RoleReadWrite"));
            r.rotate();
            SecretValue current = r.current();
            SecretValue previous = r.previous();
            // The engine's steps, one by one: create is stored, set fails, the retry runs set and test again.
            SecretValue pending = rotator.create(new Rotator.CreateRequest(r.secret, "t1", current,
                    Optional.of(previous))).pending();

            redis.replica.stop();
            assertThatThrownBy(() -> rotator.set(new Rotator.SetRequest(r.secret, "t1", pending, current)))
                    .isInstanceOf(RotatorException.class)
                    .hasMessageStartingWith("node " + redis.replica.node() + " of redis target 'r-1': admin login")
                    .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.ROTATION_FAILED));
            assertThat(logsIn(redis.primary, current)).as("ACSCurrent on the primary").isTrue();
            assertThat(logsIn(redis.primary, previous)).as("nothing changed: ACSPrevious too").isTrue();

            redis.replica.start();
            assertThat(logsIn(redis.replica, current)).as("ACSCurrent on the replica, back").isTrue();
            rotator.set(new Rotator.SetRequest(r.secret, "t1", pending, current));
            rotator.test(new Rotator.TestRequest(r.secret, "t1", pending));
            for (RedisServer node : redis.nodes()) {
                assertThat(logsIn(node, pending)).isTrue();
                assertThat(logsIn(node, current)).isTrue();
                assertThat(logsIn(node, previous)).as("two generations old").isFalse();
            }
        }
    }

    @Test
    void aNodeDownAtTheTestStepFailsItAndACSCurrentStillWorksEverywhere() {
        try (RedisPair redis = new RedisPair()) {
            String name = uniqueName("late");
            RedisRotator rotator = new RedisRotator(redis.context());
            Rotation r = RedisSecrets.provisioned(rotator, "redis/late",
                    RedisSecrets.config(name, "RoleReadOnly"));
            SecretValue current = r.current();
            SecretValue pending = rotator.create(new Rotator.CreateRequest(r.secret, "t1", current, Optional.empty()))
                    .pending();
            rotator.set(new Rotator.SetRequest(r.secret, "t1", pending, current));

            redis.replica.stop();
            assertThatThrownBy(() -> rotator.test(new Rotator.TestRequest(r.secret, "t1", pending)))
                    .isInstanceOf(RotatorException.class)
                    .hasMessageStartingWith("node " + redis.replica.node() + " of redis target 'r-1': login as '"
                            + Accounts.name(pending) + "' failed: ");
            assertThat(logsIn(redis.primary, current)).isTrue();

            redis.replica.start();
            assertThat(logsIn(redis.replica, current)).as("ACSCurrent on the replica, back").isTrue();
            assertThat(logsIn(redis.replica, pending)).as("set persisted the pending password before the test")
                    .isTrue();
            rotator.set(new Rotator.SetRequest(r.secret, "t1", pending, current));
            rotator.test(new Rotator.TestRequest(r.secret, "t1", pending));
        }
    }
}
