package dev.rotator.bench.rotation.redis;

import dev.rotator.bench.rotation.FloorStoreWrites;
import dev.rotator.core.AccountCredential;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.resps.AccessControlUser;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The bare floor of one Redis DoubleUsers (Read/Write) rotation of one secret, in the engine's order: a pending
 * version saved (write 1); on an admin connection the caller keeps open (its login is not counted), the two ACL
 * SETUSERs RedisRotator.set sends (the pending user's rules, {@code resetpass} and its new password; the current
 * user's rules and its password); a fresh connection authenticated as the pending user (AUTH, CLIENT SETNAME, PING),
 * EXISTS and DEL of an absent key (RedisRotator.test's probe); the stages moved (write 2). Not thread-safe: one
 * rotation of a secret at a time, as the engine's lock makes it.
 */
public final class RedisFloorRotation {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** AclPermission.READ_WRITE's rules after AclPermission.RESET, as RedisRotator sets them. */
    private static final List<String> READ_WRITE_RULES = List.of("on", "resetkeys", "resetchannels",
            "clearselectors", "nocommands", "~*", "&*", "+@all", "-@admin", "-@dangerous", "-script|flush",
            "-function|load", "-function|delete", "-function|flush", "-function|restore");

    private final HostAndPort node;
    private final String pair;
    private final FloorStoreWrites store;
    private AccountCredential current;

    /**
     * @param pair    the secret's AccountName ({@code pair + "_clone"} is the other account)
     * @param current the secret's ACSCurrent account, read before timing
     */
    public RedisFloorRotation(HostAndPort node, String pair, FloorStoreWrites store, AccountCredential current) {
        this.node = node;
        this.pair = pair;
        this.store = store;
        this.current = current;
    }

    /** One rotation; returns the ACL user that now holds the new password. */
    public String rotate(Jedis admin) throws SQLException {
        String clone = pair + "_clone";
        AccountCredential pending = new AccountCredential(current.name().equals(pair) ? clone : pair,
                HexFormat.of().formatHex(randomBytes(16)));
        String versionId = UUID.randomUUID().toString();
        store.savePending(versionId, System.currentTimeMillis());
        admin.aclSetUser(pending.name(), rules(pending, true));
        admin.aclSetUser(current.name(), rules(current, false));
        try (Jedis login = new Jedis(node, config(pending.name(), pending.password()))) {
            login.ping();
            String key = "rotator:probe:" + UUID.randomUUID();
            login.exists(key);
            login.del(key);
        }
        store.moveStages(versionId);
        current = pending;
        return pending.name();
    }

    /** As RedisConnector makes them: user and password, a client name, no CLIENT SETINFO, RESP2 said outright. */
    public static JedisClientConfig config(String user, String password) {
        return DefaultJedisClientConfig.builder().user(user).password(password).connectionTimeoutMillis(5_000)
                .socketTimeoutMillis(5_000).clientName("rotator").clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .autoNegotiateProtocol(false).build();
    }

    /**
     * Fails when the floor's ACL user and the engine's user of the same role differ (rules, flags, passwords compared
     * by count): the floor cannot drift from what the rotator sends.
     */
    public static void sameAcl(Jedis admin, String floorUser, String engineUser) {
        AccessControlUser f = admin.aclGetUser(floorUser);
        AccessControlUser e = admin.aclGetUser(engineUser);
        if (!Objects.equals(describe(f), describe(e))) {
            throw new IllegalStateException("the floor's ACL user " + floorUser + " differs from the engine's "
                    + engineUser + ": " + describe(f) + " vs " + describe(e));
        }
    }

    private static String describe(AccessControlUser u) {
        return u == null ? "absent" : "flags " + u.getFlags() + ", commands " + u.getCommands() + ", keys "
                + u.getKeys() + ", channels " + u.getChannels() + ", passwords " + u.getPassword().size();
    }

    private static String[] rules(AccountCredential account, boolean onlyPassword) {
        List<String> rules = new ArrayList<>(READ_WRITE_RULES);
        if (onlyPassword) {
            rules.add("resetpass");
        }
        rules.add(">" + account.password());
        return rules.toArray(String[]::new);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
