package dev.rotator.redis.testing;

import dev.rotator.core.spi.Target;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.TestContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.AccessControlUser;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A primary and its replica, both our own redis-server processes ({@link RedisServer}), and the redis target that
 * lists them. Account names come unique per test; close ends both processes and deletes their directories.
 */
public final class RedisPair implements AutoCloseable {
    public static final String TARGET = "r-1";
    public static final String ADMIN_SECRET = "targets/r-1/admin";

    public final RedisServer primary;
    public final RedisServer replica;

    public RedisPair() {
        primary = RedisServer.primary();
        RedisServer r;
        try {
            r = RedisServer.replicaOf(primary);
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
        replica = r;
    }

    public List<RedisServer> nodes() {
        return List.of(primary, replica);
    }

    /** The target as the worker's configuration would declare it: both nodes, no TLS, ACL SAVE. */
    public Target target() {
        return target(nodes(), "aclfile");
    }

    /** A context that knows this target and its admin secret (the default user). */
    public TestContext context() {
        return context(target());
    }

    /** Target {@link #TARGET} listing these nodes, with no TLS and this aclPersistence. */
    public static Target target(List<RedisServer> nodes, String aclPersistence) {
        return new Target(TARGET, "redis", Map.of("nodes", nodes.stream().map(s -> s.node().toString()).toList(),
                "tls", "disable", "adminSecret", ADMIN_SECRET, "aclPersistence", aclPersistence));
    }

    /** A context that knows the target and its admin secret (the default user). */
    public static TestContext context(Target target) {
        TestContext c = new TestContext();
        c.targets.put(target.id(), target);
        c.secrets.put(ADMIN_SECRET, Accounts.value(RedisServer.ADMIN_USER, RedisServer.ADMIN_PASSWORD));
        return c;
    }

    public static String uniqueName(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The user as ACL GETUSER shows it on the node, or null when it does not exist there. */
    public static AccessControlUser user(RedisServer node, String name) {
        try (Jedis admin = node.admin()) {
            return admin.aclGetUser(name);
        }
    }

    @Override
    public void close() {
        try {
            replica.close();
        } finally {
            primary.close();
        }
    }
}
