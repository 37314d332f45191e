package dev.rotator.redis;

import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.ZeroDowntime;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static dev.rotator.redis.testing.RedisPair.uniqueName;

/**
 * Dual account is the zero-downtime mode ({@link ZeroDowntime}): 16 clients keep opening new authenticated
 * connections, each to the primary and then the replica, through 20 rotations of a Redis secret, and none fails;
 * after each rotation the credential two generations old is refused.
 */
class ZeroDowntimeTest {

    @Test
    void clientsNeverSeeAFailedLoginWhileTheSecretRotates() throws Exception {
        try (RedisPair redis = new RedisPair()) {
            Rotation r = RedisSecrets.provisioned(new RedisRotator(redis.context()), "redis/zd",
                    RedisSecrets.config(uniqueName("zd"), "RoleReadWrite"));
            ZeroDowntime.check(r.current(), r::rotate, value -> {
                for (RedisServer node : redis.nodes()) {
                    try (Jedis j = node.login(Accounts.name(value), Accounts.password(value))) {
                        j.exists("zd:probe");
                    }
                }
            });
        }
    }
}
