package dev.rotator.redis;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.util.List;

import static dev.rotator.redis.testing.Logins.logsIn;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two steps of Create Bulk Secrets on a primary and a replica: preflight refuses what provision would refuse (a
 * name taken on any node) and a pair asked for twice in the batch, changing nothing; deprovision removes what
 * provision made, from every node and its aclfile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkCreationStepsTest {
    private RedisPair redis;
    private RedisRotator rotator;

    @BeforeAll
    void start() {
        redis = new RedisPair();
        rotator = new RedisRotator(redis.context());
    }

    @AfterAll
    void stop() {
        redis.close();
    }

    private static Secret secret(String account) {
        return RedisSecrets.secret("redis/" + account, RedisSecrets.config(account, "RoleReadWrite"));
    }

    @Test
    void preflightPassesFreePairsAndMakesNothing() {
        String a = uniqueName("pa");
        String b = uniqueName("pb");
        rotator.preflight(secret(a), List.of());
        rotator.preflight(secret(b), List.of(secret(a)));
        for (RedisServer node : redis.nodes()) {
            for (String user : List.of(a, a + "_clone", b, b + "_clone")) {
                assertThat(RedisPair.user(node, user)).as(user + " on " + node.node()).isNull();
            }
        }
    }

    @Test
    void preflightRefusesAPairAskedForByAnEarlierSecretOfTheBatch() {
        String a = uniqueName("twice");
        Secret first = secret(a);
        Secret again = RedisSecrets.secret("redis/other-" + a, RedisSecrets.config(a, "RoleReadOnly"));
        assertThatThrownBy(() -> rotator.preflight(again, List.of(first)))
                .isInstanceOf(RotatorException.class)
                .hasMessage("ExtendedConfig.AccountName: '" + a + "' is asked for by secret 'redis/" + a
                        + "' of the same batch on redis target 'r-1' too");
    }

    @Test
    void preflightRefusesANameTakenOnAnyNodeAsProvisionWould() {
        String a = uniqueName("held");
        try (Jedis admin = redis.replica.admin()) {
            admin.aclSetUser(a + "_clone", "on", ">Held-pw-1-xyz", "~*", "+@read");
        }
        assertThatThrownBy(() -> rotator.preflight(secret(a), List.of()))
                .isInstanceOf(RotatorException.class)
                .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.RESOURCE_EXIST))
                .hasMessageStartingWith("ExtendedConfig.AccountName: ACL user '" + a + "_clone' already exists on "
                        + redis.replica.node() + " of redis target 'r-1'")
                .hasMessageNotContaining("Held-pw-1-xyz");
        assertThat(RedisPair.user(redis.primary, a)).isNull();
    }

    @Test
    void deprovisionRemovesBothUsersFromEveryNodeAndItsAclFile() throws Exception {
        String a = uniqueName("undo");
        Rotation made = RedisSecrets.provisioned(rotator, "redis/" + a, RedisSecrets.config(a, "RoleReadWrite"));
        for (RedisServer node : redis.nodes()) {
            assertThat(logsIn(node, made.current())).isTrue();
        }
        rotator.deprovision(made.secret, SecretValue.text("$Auto"), made.current());
        for (RedisServer node : redis.nodes()) {
            assertThat(logsIn(node, made.current())).as("after deprovision, on " + node.node()).isFalse();
            for (String user : List.of(a, a + "_clone")) {
                assertThat(RedisPair.user(node, user)).as(user + " on " + node.node()).isNull();
                assertThat(Files.readString(node.aclFile())).doesNotContain("user " + user + " ");
            }
        }
    }
}
