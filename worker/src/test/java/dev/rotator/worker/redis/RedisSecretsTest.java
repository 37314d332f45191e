package dev.rotator.worker.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.aliyun.tea.TeaException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.ZeroDowntime;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.AccessControlUser;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.rotator.redis.testing.Logins.logsIn;
import static dev.rotator.redis.testing.Logins.permits;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static dev.rotator.worker.testing.SdkCalls.message;
import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis secrets end to end, as an application and an operator meet them: a worker whose configuration declares a
 * throwaway Redis 7 primary and replica (default user behind a password) as redis target r-1, driven through the
 * official kms20160120 client. CreateSecret makes user and user_clone on both nodes; GetSecretValue serves one,
 * RotateSecret alternates them; the permissions hold on a fresh connection; a taken name is refused with nothing
 * made; a node that is down fails the rotation's attempts without touching ACSCurrent; 16 clients keep logging in
 * through 20 rotations. Every check logs in to the nodes with what GetSecretValue served.
 */
class RedisSecretsTest extends RedisWorkerFixture {
    private static final String TAKEN_PASSWORD = "Taken-pw-1-xyz";

    private String create(String account, String privilege) throws Exception {
        String name = "redis/" + account;
        w.create(name, RedisSecrets.config(account, privilege));
        return name;
    }

    @Test
    void createSecretMakesUserAndCloneOnEveryNodeAndServesTheUsersLogin() throws Exception {
        String u = uniqueName("app");
        String name = create(u, "RoleReadWrite");

        for (RedisServer node : w.nodes()) {
            for (String user : List.of(u, u + "_clone")) {
                AccessControlUser acl = RedisPair.user(node, user);
                assertThat(acl).as(user + " on " + node.node()).isNotNull();
                assertThat(acl.getFlags()).contains("on");
            }
        }
        SecretValue current = w.current(name);
        assertThat(Accounts.name(current)).as("the first ACSCurrent is the user, not the clone").isEqualTo(u);
        for (RedisServer node : w.nodes()) {
            assertThat(logsIn(node, current)).as("GetSecretValue's login on " + node.node()).isTrue();
        }
    }

    @Test
    void rotationsAlternateTheUsersAndThePreviousOneKeepsWorkingOnEveryNode() throws Exception {
        String u = uniqueName("alt");
        String name = create(u, "RoleReadWrite");
        List<SecretValue> generations = new ArrayList<>(List.of(w.current(name)));
        for (int i = 1; i <= 4; i++) {
            SecretValue now = w.rotate(name);
            SecretValue before = generations.get(i - 1);
            generations.add(now);
            assertThat(Accounts.name(now)).as("rotation " + i + " serves the other user")
                    .isEqualTo(Accounts.name(before).equals(u) ? u + "_clone" : u);
            assertThat(w.value(name, "ACSPrevious")).isEqualTo(before);
            for (RedisServer node : w.nodes()) {
                assertThat(logsIn(node, now)).as("ACSCurrent on " + node.node()).isTrue();
                assertThat(logsIn(node, before)).as("ACSPrevious on " + node.node()).isTrue();
                if (i >= 2) {
                    assertThat(logsIn(node, generations.get(i - 2)))
                            .as("the credential two generations old on " + node.node()).isFalse();
                }
            }
        }
    }

    /** Each rotation opens new connections (the test step's login): none may add a line to the operator's log. */
    @Test
    void rotationsLeaveNoRedisClientWarningsInTheLog() throws Exception {
        String name = create(uniqueName("quiet"), "RoleReadWrite");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.setContext(context);
        log.start();
        root.addAppender(log);
        try {
            w.rotate(name);
            w.rotate(name);
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).filteredOn(e -> e.getLoggerName().startsWith("redis.clients")
                && e.getLevel().isGreaterOrEqual(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void readOnlyReadsButCannotWriteAndReadWriteDoesBothButCannotAdminister() throws Exception {
        String key = uniqueName("e2e:key");
        try (Jedis admin = w.redis.primary.admin()) {
            admin.set(key, "hello");
        }
        SecretValue reader = w.current(create(uniqueName("ro"), "RoleReadOnly"));
        for (RedisServer node : w.nodes()) {
            awaitReplicated(node, key);
            assertThat(permits(node, reader, j -> assertThat(j.get(key)).isEqualTo("hello")))
                    .as("Read-Only reads on " + node.node()).isTrue();
        }
        assertThat(permits(w.redis.primary, reader, j -> j.set(key, "changed"))).as("Read-Only SET").isFalse();
        assertThat(permits(w.redis.primary, reader, j -> j.del(key))).as("Read-Only DEL").isFalse();

        String rwName = create(uniqueName("rw"), "RoleReadWrite");
        for (SecretValue writer : List.of(w.current(rwName), w.rotate(rwName))) {
            String who = Accounts.name(writer);
            assertThat(permits(w.redis.primary, writer, j -> j.set(key, who))).as(who + " writes").isTrue();
            assertThat(permits(w.redis.primary, writer, j -> assertThat(j.get(key)).isEqualTo(who)))
                    .as(who + " reads").isTrue();
            List<Consumer<Jedis>> administration = List.of(j -> j.configGet("maxmemory"), j -> j.aclList(),
                    j -> j.flushAll(), j -> j.aclSetUser("intruder", "on", ">Intruder-pw-1"));
            for (int i = 0; i < administration.size(); i++) {
                assertThat(permits(w.redis.primary, writer, administration.get(i)))
                        .as(who + " administers (command " + i + ")").isFalse();
            }
        }
        w.assertNoUser("intruder");
    }

    @ParameterizedTest(name = "{0} taken on the {1}")
    @CsvSource({"user, primary", "user, replica", "clone, primary", "clone, replica"})
    void aTakenNameOnAnyNodeIsRefusedAndNothingIsCreated(String which, String where) throws Exception {
        String u = uniqueName("taken");
        String taken = which.equals("clone") ? u + "_clone" : u;
        String other = which.equals("clone") ? u : u + "_clone";
        RedisServer node = where.equals("primary") ? w.redis.primary : w.redis.replica;
        try (Jedis admin = node.admin()) {
            admin.aclSetUser(taken, "on", ">" + TAKEN_PASSWORD, "~*", "+@read", "+@connection");
        }
        String name = "redis/" + u;

        TeaException e = refused(() -> w.create(name, RedisSecrets.config(u, "RoleReadWrite")), 409,
                "Rejected.ResourceExist");
        assertThat(message(e)).startsWith("ExtendedConfig.AccountName: ").contains(taken, node.node().toString())
                .doesNotContain(TAKEN_PASSWORD);
        w.assertNoSecret(name);
        w.assertNoUser(other);
        for (RedisServer n : w.nodes()) {
            if (n == node) {
                try (Jedis j = n.login(taken, TAKEN_PASSWORD)) {
                    assertThat(j.ping()).as("the existing user is untouched").isEqualTo("PONG");
                }
            } else {
                assertThat(RedisPair.user(n, taken)).as(taken + " is not made on " + n.node()).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "app rule|ExtendedConfig.AccountName|letters, digits",
            ">pw|ExtendedConfig.AccountName|letters, digits",
            "default|ExtendedConfig.AccountName|must not be 'default'",
            "app_clone|ExtendedConfig.AccountName|must not end with _clone"})
    void badNamesAreRefusedNamingTheFieldAndNothingIsCreated(String account, String field, String rule) {
        String name = uniqueName("redis/bad");
        TeaException e = refused(() -> w.create(name, RedisSecrets.config(account, "RoleReadWrite")), 400,
                "InvalidParameter");
        assertThat(message(e)).startsWith(field + ": ").contains(rule);
        w.assertNoSecret(name);
        if (!account.equals("default")) {
            w.assertNoUser(account);
        }
    }

    @Test
    void anUndeclaredInstanceOrAnUnknownPrivilegeIsRefusedNamingTheKey() {
        String u = uniqueName("cfg");
        Map<String, Object> elsewhere = RedisSecrets.config(u, "RoleReadWrite");
        elsewhere.put("InstanceId", "r-nowhere");
        assertThat(message(refused(() -> w.create("redis/" + u, elsewhere), 400, "InvalidParameter")))
                .startsWith("ExtendedConfig.InstanceId: ");
        Map<String, Object> superuser = RedisSecrets.config(u, "RoleAdmin");
        assertThat(message(refused(() -> w.create("redis/" + u, superuser), 400, "InvalidParameter")))
                .startsWith("ExtendedConfig.AccountPrivilege: ").contains("RoleReadWrite or RoleReadOnly");
        w.assertNoSecret("redis/" + u);
        w.assertNoUser(u);
    }

    @Test
    void aNodeDownFailsTheRotationAttemptsAndACSCurrentKeepsWorkingUntilTheRetryCompletes() throws Exception {
        String name = create(uniqueName("down"), "RoleReadWrite");
        SecretValue previous = w.current(name);
        SecretValue current = w.rotate(name);
        RedisServer replica = w.redis.replica;
        String versionId;
        replica.stop();
        try {
            versionId = w.requestRotation(name);
            JsonNode failed = awaitFailedAttempt(name, versionId);
            assertThat(failed.path("Step").asText()).isEqualTo("set");
            assertThat(failed.path("ErrorMessage").asText()).startsWith("node " + replica.node()
                    + " of redis target 'r-1': admin login");
            assertThat(w.current(name)).as("GetSecretValue still serves ACSCurrent").isEqualTo(current);
            assertThat(w.stagesOf(name, versionId)).containsExactly("ACSPending");
            assertThat(logsIn(w.redis.primary, current)).as("ACSCurrent on the primary").isTrue();
            assertThat(logsIn(w.redis.primary, previous)).as("nothing changed: ACSPrevious too").isTrue();
        } finally {
            replica.start();
        }
        assertThat(logsIn(replica, current)).as("ACSCurrent on the replica, back").isTrue();
        w.awaitCurrent(name, versionId, Duration.ofSeconds(30));
        SecretValue next = w.current(name);
        assertThat(Accounts.name(next)).isEqualTo(Accounts.name(previous));
        for (RedisServer node : w.nodes()) {
            assertThat(logsIn(node, next)).as("the retried rotation's value on " + node.node()).isTrue();
            assertThat(logsIn(node, current)).as("ACSPrevious on " + node.node()).isTrue();
            assertThat(logsIn(node, previous)).as("two generations old on " + node.node()).isFalse();
        }
    }

    @Test
    void clientsNeverSeeAFailedLoginWhileTheWorkerRotates() throws Exception {
        String name = create(uniqueName("zd"), "RoleReadWrite");
        ZeroDowntime.check(w.current(name), () -> w.rotate(name), value -> {
            for (RedisServer node : w.nodes()) {
                try (Jedis j = node.login(Accounts.name(value), Accounts.password(value))) {
                    j.exists("zd:probe");
                }
            }
        });
    }

    /** The first failed attempt of the rotation (outcome Retry), from /admin/v1's events. */
    private JsonNode awaitFailedAttempt(String name, String versionId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            for (JsonNode event : w.admin.get("/secrets/" + name + "/events?limit=100").body().path("Events")) {
                if (event.path("Token").asText().equals(versionId) && event.path("Outcome").asText().equals("Retry")) {
                    return event;
                }
            }
            assertThat(Instant.now()).as("an attempt of rotation " + versionId + " fails").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitReplicated(RedisServer node, String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        try (Jedis admin = node.admin()) {
            while (!admin.exists(key)) {
                assertThat(Instant.now()).as(key + " replicated to " + node.node()).isBefore(deadline);
                Thread.sleep(10);
            }
        }
    }
}
