package dev.rotator.redis;

import dev.rotator.core.AccountCredential;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections to the nodes of redis targets: fresh ones for login probes, and a small pool per node for the admin
 * user, kept between rotations. A pool is keyed by node, TLS and admin user; when the admin password changes (its
 * secret was rotated) the old pool is closed and a new one made. Errors name the node and the target, never a
 * password.
 */
final class RedisConnector {
    static final int TIMEOUT_MILLIS = 5_000;

    private record PoolKey(HostAndPort node, String tls, String caFile, String user) {
    }

    /** The pool and a digest of the password it logs in with (no password kept outside Jedis). */
    private record Pooled(String passwordDigest, JedisPool pool) {
    }

    private final Map<PoolKey, Pooled> pools = new ConcurrentHashMap<>();

    /** A fresh connection, authenticated as {@code account} (AUTH happens here); the caller closes it. */
    Jedis login(RedisTarget target, HostAndPort node, AccountCredential account) {
        Jedis jedis = null;
        try {
            jedis = new Jedis(node, config(target, account));
            jedis.ping(); // the first command: a refused AUTH or a dead node shows here at the latest
            return jedis;
        } catch (JedisException e) {
            if (jedis != null) {
                jedis.close();
            }
            throw failure(target, node, "login as '" + account.name() + "'", e);
        }
    }

    /** An admin connection to the node from its pool; close returns it. */
    Jedis admin(RedisTarget target, HostAndPort node, AccountCredential admin) {
        PoolKey key = new PoolKey(node, target.tls(), target.caFile().orElse(""), admin.name());
        String digest = digest(admin.password());
        Pooled pooled = pools.compute(key, (k, old) -> {
            if (old != null && old.passwordDigest().equals(digest)) {
                return old;
            }
            if (old != null) {
                old.pool().close();
            }
            return new Pooled(digest, new JedisPool(poolConfig(), node, config(target, admin)));
        });
        try {
            return pooled.pool().getResource();
        } catch (JedisException e) {
            throw failure(target, node, "admin login as '" + admin.name() + "'", e);
        }
    }

    private static GenericObjectPoolConfig<Jedis> poolConfig() {
        GenericObjectPoolConfig<Jedis> c = new GenericObjectPoolConfig<>();
        c.setMaxTotal(4);
        c.setMaxIdle(2);
        c.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
        c.setTestOnBorrow(true); // a node restarted since the last rotation leaves dead idle connections
        c.setJmxEnabled(false);
        return c;
    }

    private static JedisClientConfig config(RedisTarget target, AccountCredential account) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .user(account.name()).password(account.password())
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(TIMEOUT_MILLIS)
                .clientName("rotator")
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                // RESP2, said outright: otherwise every new connection logs a WARN that auto-negotiation is off.
                .autoNegotiateProtocol(false);
        RedisTls.apply(b, target.tls(), target.caFile(), target.id());
        return b.build();
    }

    /**
     * A failure on one node, for the rotation's error: what was done, where, and Redis's own words, less the modifier
     * that Redis repeats when it refuses one in ACL SETUSER (a modifier may be a password).
     */
    static RotatorException failure(RedisTarget target, HostAndPort node, String what, JedisException e) {
        String said = e.getMessage() == null ? "(no message)" : e.getMessage();
        String scrubbed = said.replaceAll("modifier '.*': ", "modifier: ");
        String message = "node " + node + " of redis target '" + target.id() + "': " + what + " failed: " + scrubbed;
        // A scrubbed message's exception stays behind: its own message (and stack trace) would show the modifier.
        return scrubbed.equals(said) ? new RotatorException(ErrorCode.ROTATION_FAILED, message, e)
                : new RotatorException(ErrorCode.ROTATION_FAILED, message);
    }

    private static String digest(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
