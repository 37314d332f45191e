package dev.rotator.redis;

import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Target;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static dev.rotator.redis.testing.Logins.logsIn;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ACL changes survive a restart of Redis after a rotation, by ACL SAVE (aclfile) or CONFIG REWRITE (redis.conf). */
class AclPersistenceTest {

    @Test
    void withAnAclFileBothNodesKeepTheRotatedUsersOverARestart() throws Exception {
        try (RedisPair redis = new RedisPair()) {
            Rotation r = RedisSecrets.provisioned(new RedisRotator(redis.context()), "redis/saved",
                    RedisSecrets.config(uniqueName("saved"), "RoleReadWrite"));
            SecretValue first = r.current();
            r.rotate();
            r.rotate();
            for (RedisServer node : redis.nodes()) {
                node.stop();
                node.start();
            }
            for (RedisServer node : redis.nodes()) {
                assertThat(logsIn(node, r.current())).as("ACSCurrent after the restart of " + node.node()).isTrue();
                assertThat(logsIn(node, r.previous())).as("ACSPrevious after the restart").isTrue();
                assertThat(logsIn(node, first)).as("the reset password stays reset").isFalse();
            }
            r.rotate(); // the admin pools' connections died with the nodes: the next rotation takes fresh ones
            for (RedisServer node : redis.nodes()) {
                assertThat(logsIn(node, r.current())).isTrue();
            }
        }
    }

    @Test
    void aNodeThatCannotPersistFailsTheCreationAndLeavesNoUserBehind() {
        // Told aclfile, but started without one: ACL SAVE fails after both users were made.
        try (RedisServer node = RedisServer.primary(RedisServer.Persistence.CONFIG_REWRITE)) {
            Target target = RedisPair.target(List.of(node), "aclfile");
            String name = uniqueName("nofile");
            assertThatThrownBy(() -> RedisSecrets.provisioned(new RedisRotator(RedisPair.context(target)),
                    "redis/nofile", RedisSecrets.config(name, "RoleReadWrite")))
                    .isInstanceOf(RotatorException.class)
                    .hasMessageStartingWith("node " + node.node() + " of redis target 'r-1': persisting the ACL "
                            + "(aclPersistence aclfile) failed: ");
            assertThat(RedisPair.user(node, name)).isNull();
            assertThat(RedisPair.user(node, name + "_clone")).isNull();
        }
    }

    @Test
    void withConfigRewriteTheUsersAreWrittenToRedisConfAndKeptOverARestart() throws Exception {
        try (RedisServer node = RedisServer.primary(RedisServer.Persistence.CONFIG_REWRITE)) {
            Target target = RedisPair.target(List.of(node), "config-rewrite");
            String name = uniqueName("conf");
            Rotation r = RedisSecrets.provisioned(new RedisRotator(RedisPair.context(target)), "redis/conf",
                    RedisSecrets.config(name, "RoleReadOnly"));
            r.rotate();
            assertThat(Files.readString(node.aclFile())).contains("user " + name + " ")
                    .contains("user " + name + "_clone ");
            node.stop();
            node.start();
            assertThat(logsIn(node, r.current())).isTrue();
            assertThat(logsIn(node, r.previous())).isTrue();
        }
    }
}
