package dev.rotator.redis;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.TestContext;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.AccessControlUser;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static dev.rotator.redis.testing.Logins.as;
import static dev.rotator.redis.testing.Logins.logsIn;
import static dev.rotator.redis.testing.Logins.permits;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static dev.rotator.redis.testing.RedisPair.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis rotator's steps, driven as CreateSecret and the engine drive them, on our own primary and replica. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRotatorTest {
    private final RedisPair redis = new RedisPair();

    @AfterAll
    void stop() {
        redis.close();
    }

    private Rotation provisioned(String name, String privilege) {
        return RedisSecrets.provisioned(new RedisRotator(redis.context()), "redis/" + name,
                RedisSecrets.config(name, privilege));
    }

    /**
     * What ACL GETUSER shows of a user but its passwords: flags, commands, keys, channels, selectors. Redis lists
     * removed subcommands in no fixed order, so the command rules are sorted.
     */
    private static String rulesOf(RedisServer node, String name) {
        AccessControlUser u = user(node, name);
        assertThat(u).as("user '" + name + "' on " + node.node()).isNotNull();
        String commands = String.join(" ", Arrays.stream(u.getCommands().split(" ")).sorted().toList());
        return u.getFlags() + " " + commands + " " + u.getKeys() + " " + u.getChannels() + " " + u.getSelectors();
    }

    @Test
    void createMakesBothAccountsWithIdenticalRulesOnEveryNodeAndPersistsThem() throws Exception {
        String name = uniqueName("app");
        Rotation r = provisioned(name, "RoleReadWrite");

        assertThat(Accounts.name(r.current())).isEqualTo(name);
        String rules = rulesOf(redis.primary, name);
        for (RedisServer node : redis.nodes()) {
            assertThat(rulesOf(node, name)).isEqualTo(rules);
            assertThat(rulesOf(node, name + "_clone")).isEqualTo(rules);
            assertThat(logsIn(node, r.current())).as("ACSCurrent logs in on " + node.node()).isTrue();
            assertThat(Files.readString(node.aclFile())).as("ACL SAVE wrote both users")
                    .contains("user " + name + " ").contains("user " + name + "_clone ");
        }
        assertThat(rules).contains("on").contains("+@all").contains("-@dangerous").contains("~*");
    }

    @Test
    void rotationsAlternateAndACredentialWorksOnEveryNodeUntilTheRotationAfterNext() {
        String name = uniqueName("alt");
        Rotation r = provisioned(name, "RoleReadWrite");
        List<String> seen = new ArrayList<>();
        List<SecretValue> history = new ArrayList<>(List.of(r.current()));
        for (int i = 0; i < 4; i++) {
            SecretValue now = r.rotate();
            seen.add(Accounts.name(now));
            history.add(now);
            for (RedisServer node : redis.nodes()) {
                assertThat(logsIn(node, now)).as("ACSCurrent on " + node.node()).isTrue();
                assertThat(logsIn(node, r.previous())).as("ACSPrevious on " + node.node()).isTrue();
                if (history.size() >= 3) {
                    assertThat(logsIn(node, history.get(history.size() - 3)))
                            .as("the credential two generations old on " + node.node()).isFalse();
                }
                assertThat(rulesOf(node, name)).isEqualTo(rulesOf(node, name + "_clone"));
            }
        }
        assertThat(seen).containsExactly(name + "_clone", name, name + "_clone", name);
    }

    @Test
    void readOnlyAccountsCanReadAndCannotWrite() {
        String name = uniqueName("ro");
        String key = "data:" + name;
        try (Jedis admin = redis.primary.admin()) {
            admin.set(key, "hello");
        }
        Rotation r = provisioned(name, "RoleReadOnly");
        r.rotate(); // the clone too
        for (SecretValue account : List.of(r.current(), r.previous())) {
            assertThat(permits(redis.primary, account, j -> assertThat(j.get(key)).isEqualTo("hello"))).isTrue();
            assertThat(permits(redis.replica, account, j -> j.exists(key))).as("reads on the replica").isTrue();
            for (RedisServer node : redis.nodes()) {
                assertThat(permits(node, account, j -> j.set(key, "changed"))).as("SET on " + node.node()).isFalse();
                assertThat(permits(node, account, j -> j.del(key))).as("DEL on " + node.node()).isFalse();
                assertThat(permits(node, account, j -> j.publish("news", "x"))).as("PUBLISH").isFalse();
                assertThat(permits(node, account, j -> j.configGet("maxmemory"))).as("CONFIG GET").isFalse();
            }
        }
        try (Jedis admin = redis.primary.admin()) {
            assertThat(admin.get(key)).isEqualTo("hello");
        }
    }

    @Test
    void readWriteAccountsCanReadAndWriteButCannotAdministerTheServer() {
        String name = uniqueName("rw");
        Rotation r = provisioned(name, "RoleReadWrite");
        r.rotate();
        List<Consumer<Jedis>> administration = List.of(
                j -> j.configGet("maxmemory"), j -> j.configSet("maxmemory", "1"),
                j -> j.aclSetUser("intruder", "on", ">Intruder-pw-1", "+@all"), j -> j.aclList(),
                j -> j.flushAll(), j -> j.flushDB(), j -> j.keys("*"), j -> j.shutdown(), j -> j.save(),
                j -> j.info(), j -> j.clientKill("127.0.0.1:1"), j -> j.replicaofNoOne(), j -> j.scriptFlush(),
                j -> j.functionFlush());
        for (SecretValue account : List.of(r.current(), r.previous())) {
            String key = "data:" + Accounts.name(account);
            assertThat(permits(redis.primary, account, j -> {
                j.set(key, "v1");
                assertThat(j.get(key)).isEqualTo("v1");
                assertThat(j.del(key)).isEqualTo(1);
            })).as("reads and writes on the primary").isTrue();
            for (RedisServer node : redis.nodes()) {
                for (int i = 0; i < administration.size(); i++) {
                    assertThat(permits(node, account, administration.get(i)))
                            .as("administrative command #" + i + " on " + node.node()).isFalse();
                }
            }
        }
        try (Jedis admin = redis.primary.admin()) {
            assertThat(admin.aclGetUser("intruder")).isNull();
            assertThat(admin.ping()).isEqualTo("PONG");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anExistingAccountOrCloneNameIsRefusedAndNothingIsCreated(boolean cloneExists) {
        String name = uniqueName("taken");
        String existing = cloneExists ? name + "_clone" : name;
        String other = cloneExists ? name : name + "_clone";
        RedisServer holder = cloneExists ? redis.primary : redis.replica; // on one node only: still refused
        try (Jedis admin = holder.admin()) {
            admin.aclSetUser(existing, "on", ">Someone-elses-pw-1", "~app:*", "+get");
        }
        String before = rulesOf(holder, existing);

        assertThatThrownBy(() -> provisioned(name, "RoleReadWrite"))
                .isInstanceOf(RotatorException.class)
                .hasMessageStartingWith("ExtendedConfig.AccountName: ACL user '" + existing + "' already exists on "
                        + holder.node())
                .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.RESOURCE_EXIST));
        for (RedisServer node : redis.nodes()) {
            assertThat(user(node, other)).as(other + " on " + node.node()).isNull();
        }
        assertThat(rulesOf(holder, existing)).as("the existing user is untouched").isEqualTo(before);
        assertThat(user(cloneExists ? redis.replica : redis.primary, existing)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app on >pw ~* +@all", "app\r\nFLUSHALL", ">pw", "~*", "+@all", "app*", "app\u0000x",
            "app nopass", "-app", "app'", "1app", "", "default", "app_clone", "app\u00e9"})
    void injectionThroughTheAccountNameIsRefusedBeforeAnyConnection(String name) {
        List<String> before = users();
        Secret secret = RedisSecrets.secret("redis/bad", RedisSecrets.config(name, "RoleReadWrite"));
        RedisRotator rotator = new RedisRotator(redis.context());
        for (Runnable step : List.<Runnable>of(() -> rotator.validate(secret, RedisSecrets.AUTO),
                () -> rotator.provision(secret, RedisSecrets.AUTO))) {
            assertThatThrownBy(step::run).isInstanceOf(RotatorException.class)
                    .hasMessageStartingWith("ExtendedConfig.AccountName: ")
                    .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
        }
        assertThat(users()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x on >pw ~* +@all", "nopass", "Pass word-1234", "<Removes-pw1", ">Adds-pw-1",
            "short", "tab\there-pw-1"})
    void injectionThroughAPendingValueIsRefusedBeforeAnyChange(String bad) {
        String name = uniqueName("inj");
        Rotation r = provisioned(name, "RoleReadWrite");
        RedisRotator rotator = new RedisRotator(redis.context());
        List<String> before = users();
        String rulesBefore = rulesOf(redis.primary, name + "_clone");
        SecretValue badName = Accounts.value(bad, "Fine-Password-123");
        SecretValue badPassword = Accounts.value(name + "_clone", bad);
        assertThatThrownBy(() -> rotator.set(new Rotator.SetRequest(r.secret, "t", badName, r.current())))
                .isInstanceOf(RotatorException.class).hasMessageStartingWith("ACSPending.AccountName: ");
        assertThatThrownBy(() -> rotator.set(new Rotator.SetRequest(r.secret, "t", badPassword, r.current())))
                .isInstanceOf(RotatorException.class).hasMessageStartingWith("ACSPending.AccountPassword: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
        assertThat(users()).isEqualTo(before);
        assertThat(rulesOf(redis.primary, name + "_clone")).isEqualTo(rulesBefore);
        assertThat(logsIn(redis.primary, r.current())).isTrue();
    }

    @Test
    void aWrongAdminPasswordFailsTheRotationNamingTheNodeAndNoPassword() {
        String name = uniqueName("adm");
        Rotation good = provisioned(name, "RoleReadWrite");
        TestContext wrong = redis.context();
        String wrongPassword = "Wrong-admin-pw-42";
        wrong.secrets.put(RedisPair.ADMIN_SECRET, Accounts.value(RedisServer.ADMIN_USER, wrongPassword));
        RedisRotator rotator = new RedisRotator(wrong);
        SecretValue pending = rotator.create(new Rotator.CreateRequest(good.secret, "t", good.current(),
                java.util.Optional.empty())).pending();

        assertThatThrownBy(() -> rotator.set(new Rotator.SetRequest(good.secret, "t", pending, good.current())))
                .isInstanceOf(RotatorException.class)
                .hasMessageStartingWith("node " + redis.primary.node() + " of redis target 'r-1': admin login as "
                        + "'default' failed: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongPassword)
                        .doesNotContain(Accounts.password(pending)).doesNotContain(RedisServer.ADMIN_PASSWORD));
        assertThat(logsIn(redis.primary, pending)).isFalse();
        assertThat(logsIn(redis.primary, good.current())).isTrue();
    }

    @Test
    void theTestStepAloneProvesACSCurrentOnEveryNode() {
        Rotation r = provisioned(uniqueName("dry"), "RoleReadOnly");
        RedisRotator rotator = new RedisRotator(redis.context());
        rotator.test(new Rotator.TestRequest(r.secret, "dry-run-1", r.current()));
        SecretValue stale = Accounts.value(Accounts.name(r.current()), "Not-the-password-1");
        assertThatThrownBy(() -> rotator.test(new Rotator.TestRequest(r.secret, "dry-run-2", stale)))
                .isInstanceOf(RotatorException.class)
                .hasMessageContaining("node " + redis.primary.node())
                .hasMessageContaining("login as '" + Accounts.name(r.current()) + "' failed: WRONGPASS");
    }

    @Test
    void aReadOnlyRuleDriftIsRepairedByTheNextRotationOnBothAccounts() {
        String name = uniqueName("drift");
        Rotation r = provisioned(name, "RoleReadOnly");
        for (RedisServer node : redis.nodes()) {
            try (Jedis admin = node.admin()) {
                admin.aclSetUser(name, "+@write", "+config");
            }
        }
        r.rotate();
        for (RedisServer node : redis.nodes()) {
            assertThat(rulesOf(node, name)).isEqualTo(rulesOf(node, name + "_clone")).doesNotContain("+@write");
            assertThat(permits(node, r.previous(), j -> j.set("k", "v"))).isFalse();
        }
    }

    private List<String> users() {
        List<String> all = new ArrayList<>();
        for (RedisServer node : redis.nodes()) {
            try (Jedis admin = node.admin()) {
                all.add(node.node() + "=" + admin.aclList());
            }
        }
        return all;
    }
}
