package dev.rotator.bench.rotation.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.bench.rotation.BenchStore;
import dev.rotator.bench.rotation.FloorStoreWrites;
import dev.rotator.bench.rotation.RotationCase;
import dev.rotator.bench.rotation.ThrowawayServers;
import dev.rotator.core.AccountCredential;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.Target;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.WorkerRotatorContext;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.AccessControlUser;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A Redis secret (DoubleUsers, Read/Write) on the throwaway Redis 7, rotated through the real engine, next to its
 * floor twin. Both pairs of ACL users are made by CreateSecret's service (RedisRotator.provision); the target's admin
 * user (the server's default user) is a Generic secret read by the rotator from the store at each set, as in the
 * worker. The target is declared with {@code aclPersistence: none}, so neither side persists the ACL.
 *
 * <p>The floor, in the engine's order: a pending version saved (write 1); on an admin connection kept open (its
 * login is not counted), the two ACL SETUSERs RedisRotator.set sends (the pending user's rules, {@code resetpass}
 * and its new password; the current user's rules and its password); a fresh connection authenticated as the pending
 * user (AUTH, CLIENT SETNAME, PING), EXISTS and DEL of an absent key (RedisRotator.test's probe); the stages moved
 * (write 2). On its first two rotations it checks that its users' ACLs are the engine's (rules, flags, passwords
 * count), so it cannot drift from what the rotator sends.
 */
public final class RedisBenchCase implements RotationCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** AclPermission.READ_WRITE's rules after AclPermission.RESET, as RedisRotator sets them. */
    private static final List<String> READ_WRITE_RULES = List.of("on", "resetkeys", "resetchannels",
            "clearselectors", "nocommands", "~*", "&*", "+@all", "-@admin", "-@dangerous", "-script|flush",
            "-function|load", "-function|delete", "-function|flush", "-function|restore");

    private final HostAndPort node;
    private final String adminPassword;
    private final RotationEngine engine;
    private final String engineSecret;
    private final String enginePair;
    private final String floorPair;
    private final FloorStoreWrites floorStore;
    private final Jedis floorAdmin;
    private AccountCredential floorCurrent;
    private int floorRotations;

    private RedisBenchCase(BenchStore store) throws SQLException {
        this.node = new HostAndPort(ThrowawayServers.env("REDIS_HOST"),
                Integer.parseInt(ThrowawayServers.env("REDIS_PORT")));
        this.adminPassword = ThrowawayServers.env("REDIS_PASSWORD");
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String targetId = "rotbench-redis-" + unique;
        String adminSecret = "rotbench/" + unique + "/redis-admin";
        Target target = new Target(targetId, "redis", Map.of("nodes", List.of(node.toString()), "tls", "disable",
                "adminSecret", adminSecret, "aclPersistence", "none"));
        WorkerRotatorContext context = new WorkerRotatorContext(Map.of(targetId, target), store.store());
        RotatorRegistry rotators = RotatorRegistry.load(context, RedisBenchCase.class.getClassLoader());
        SecretService secrets = store.secrets(rotators, context);
        secrets.create(request(adminSecret, "Generic", new AccountCredential("default", adminPassword).value().text(),
                null));
        this.enginePair = "rbeng_" + unique;
        this.floorPair = "rbflr_" + unique;
        this.engineSecret = "rotbench/" + unique + "/redis-engine";
        String floorSecret = "rotbench/" + unique + "/redis-floor";
        secrets.create(request(engineSecret, "Redis", "$Auto", extendedConfig(targetId, enginePair)));
        secrets.create(request(floorSecret, "Redis", "$Auto", extendedConfig(targetId, floorPair)));
        this.engine = store.engine(rotators);
        this.floorStore = FloorStoreWrites.of(store.dataSource(), floorSecret);
        SecretVersion current = store.store().versionAt(floorSecret, Stages.CURRENT).orElseThrow();
        this.floorCurrent = AccountCredential.parse(current.value(), "ACSCurrent");
        this.floorAdmin = new Jedis(node, config("default", adminPassword));
    }

    public static RedisBenchCase open(BenchStore store) throws SQLException {
        return new RedisBenchCase(store);
    }

    private static String extendedConfig(String targetId, String account) {
        return JSON.createObjectNode().put("SecretSubType", "DoubleUsers").put("InstanceId", targetId)
                .put("AccountName", account).put("CloneAccountName", account + "_clone")
                .put("AccountPrivilege", "RoleReadWrite").toString();
    }

    private static NewSecretRequest request(String name, String type, String secretData, String extendedConfig) {
        return new NewSecretRequest(name, "v0", NewSecretRequest.utf8(secretData), "text", type, extendedConfig, null,
                false, null, null, "rotation benchmark");
    }

    /** As RedisConnector makes them: user and password, a client name, no CLIENT SETINFO. */
    private static JedisClientConfig config(String user, String password) {
        return DefaultJedisClientConfig.builder().user(user).password(password).connectionTimeoutMillis(5_000)
                .socketTimeoutMillis(5_000).clientName("rotator").clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .autoNegotiateProtocol(false).build();
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void engineRotation() {
        engine.rotate(engineSecret, RotationTrigger.now());
    }

    @Override
    public void floorRotation() throws SQLException {
        String clone = floorPair + "_clone";
        AccountCredential pending = new AccountCredential(floorCurrent.name().equals(floorPair) ? clone : floorPair,
                HexFormat.of().formatHex(randomBytes(16)));
        String versionId = UUID.randomUUID().toString();
        floorStore.savePending(versionId, System.currentTimeMillis());
        floorAdmin.aclSetUser(pending.name(), rules(pending, true));
        floorAdmin.aclSetUser(floorCurrent.name(), rules(floorCurrent, false));
        try (Jedis login = new Jedis(node, config(pending.name(), pending.password()))) {
            login.ping();
            String key = "rotator:probe:" + UUID.randomUUID();
            login.exists(key);
            login.del(key);
        }
        floorStore.moveStages(versionId);
        if (++floorRotations <= 2) {
            sameAclAsEngine(pending.name());
        }
        floorCurrent = pending;
    }

    private static String[] rules(AccountCredential account, boolean onlyPassword) {
        List<String> rules = new ArrayList<>(READ_WRITE_RULES);
        if (onlyPassword) {
            rules.add("resetpass");
        }
        rules.add(">" + account.password());
        return rules.toArray(String[]::new);
    }

    /** The floor's user and the engine's user of the same role have the same ACL (passwords compared by count). */
    private void sameAclAsEngine(String floorUser) {
        String engineUser = floorUser.replace(floorPair, enginePair);
        AccessControlUser f = floorAdmin.aclGetUser(floorUser);
        AccessControlUser e = floorAdmin.aclGetUser(engineUser);
        if (!Objects.equals(describe(f), describe(e))) {
            throw new IllegalStateException("the floor's ACL user " + floorUser + " differs from the engine's "
                    + engineUser + ": " + describe(f) + " vs " + describe(e));
        }
    }

    private static String describe(AccessControlUser u) {
        return u == null ? "absent" : "flags " + u.getFlags() + ", commands " + u.getCommands() + ", keys "
                + u.getKeys() + ", channels " + u.getChannels() + ", passwords " + u.getPassword().size();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Deletes the four ACL users; the store's database is dropped by BenchStore. */
    @Override
    public void close() {
        try {
            for (String pair : List.of(enginePair, floorPair)) {
                floorAdmin.aclDelUser(pair);
                floorAdmin.aclDelUser(pair + "_clone");
            }
        } catch (JedisException e) {
            System.err.println("could not delete the benchmark's ACL users: " + e.getMessage());
        } finally {
            floorAdmin.close();
        }
    }
}
