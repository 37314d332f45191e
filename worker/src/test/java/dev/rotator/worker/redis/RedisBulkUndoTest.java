package dev.rotator.worker.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.ForwardingRotator;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.redis.RedisRotator;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import dev.rotator.redis.testing.RedisServer;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static dev.rotator.redis.testing.RedisPair.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A bulk creation that fails midway leaves nothing: the secrets made before the failing one are deleted from the
 * store and their ACL users from every node (and from the aclfiles). The failure is a real one: someone takes the
 * third secret's account name on the replica after the batch's pre-flight check and before its provision, and the
 * real Redis rotator refuses it. The service runs on a real store (H2) and a real primary and replica.
 */
class RedisBulkUndoTest {
    private static final String RACER_PASSWORD = "Racer-pw-1-xyz";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The real Redis rotator, but someone takes {@code racedAccount} on the replica just before its provision. */
    private static final class Raced extends ForwardingRotator {
        private final RedisServer replica;
        private final String racedAccount;

        Raced(RedisRotator real, RedisServer replica, String racedAccount) {
            super(real);
            this.replica = replica;
            this.racedAccount = racedAccount;
        }

        @Override
        public SecretValue provision(Secret secret, SecretValue initialValue) {
            if (racedAccount.equals(secret.extendedConfig().require("AccountName"))) {
                try (Jedis admin = replica.admin()) {
                    admin.aclSetUser(racedAccount, "on", ">" + RACER_PASSWORD, "~*", "+@read");
                }
            }
            return super.provision(secret, initialValue);
        }
    }

    private static NewSecretRequest request(String account) {
        String config = JSON.valueToTree(RedisSecrets.config(account, "RoleReadWrite")).toString();
        return new NewSecretRequest("redis/" + account, null, utf8("$Auto"), null, "Redis", config, null, false, null,
                null, null);
    }

    @Test
    void aFailureMidwayRemovesWhatTheBatchMadeFromTheStoreAndFromEveryNode() throws Exception {
        try (RedisPair redis = new RedisPair(); TestDatabase db = TestDatabases.H2.create()) {
            LocalKeyRing keys = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
            keys.ensureDefaultKey();
            JdbcSecretStore store = new JdbcSecretStore(db.database(), new EnvelopeCipher(keys));
            List<String> accounts = List.of(uniqueName("ua"), uniqueName("ub"), uniqueName("uc"));
            Rotator raced = new Raced(new RedisRotator(redis.context()), redis.replica, accounts.get(2));
            SecretService service = new SecretService(store, keys,
                    new RotatorRegistry(Map.of(SecretType.REDIS, raced)), secret -> { }, Clock.systemUTC());

            RotatorException e = catchThrowableOfType(() -> service.createBulk(accounts.stream()
                    .map(RedisBulkUndoTest::request).toList()), RotatorException.class);

            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXIST);
            assertThat(e.getMessage()).startsWith("Secrets[2].ExtendedConfig.AccountName: ACL user '" + accounts.get(2)
                    + "' already exists on " + redis.replica.node()).doesNotContain(RACER_PASSWORD);
            for (String account : accounts) {
                assertThat(store.find("redis/" + account)).as("secret redis/" + account).isEmpty();
                for (RedisServer node : redis.nodes()) {
                    for (String user : List.of(account, account + "_clone")) {
                        if (user.equals(accounts.get(2)) && node == redis.replica) {
                            continue;
                        }
                        assertThat(RedisPair.user(node, user)).as(user + " on " + node.node()).isNull();
                        assertThat(Files.readString(node.aclFile())).as(node.aclFile() + " after the undo")
                                .doesNotContain("user " + user + " ");
                    }
                }
            }
            try (Jedis racer = redis.replica.login(accounts.get(2), RACER_PASSWORD)) {
                assertThat(racer.exists("k")).as("the racer's own user is left alone").isFalse();
            }
        }
    }
}
