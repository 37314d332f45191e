package dev.rotator.redis;

import dev.rotator.core.AccountCredential;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ACL users on every node of one target, through the admin user. Opening takes an admin connection to each node
 * first, so a node that is down fails the step before anything changes anywhere. Each operation runs node by node
 * in the target's order; the first failure stops it (the step is retried whole: every operation is idempotent).
 */
final class AclAdmin implements AutoCloseable {
    private final RedisTarget target;
    private final Map<HostAndPort, Jedis> nodes = new LinkedHashMap<>();

    private AclAdmin(RedisTarget target) {
        this.target = target;
    }

    static AclAdmin open(RedisConnector connector, RedisTarget target, AccountCredential admin) {
        AclAdmin a = new AclAdmin(target);
        try {
            for (HostAndPort node : target.nodes()) {
                a.nodes.put(node, connector.admin(target, node, admin));
            }
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        return a;
    }

    /** The nodes on which the user exists, as {@code host:port}. */
    List<String> nodesWith(String user) {
        List<String> found = new ArrayList<>();
        each("ACL GETUSER '" + user + "'", (node, jedis) -> {
            if (jedis.aclGetUser(user) != null) {
                found.add(node.toString());
            }
        });
        return found;
    }

    /** ACL SETUSER on every node: creates the user or changes it; {@code rules} are applied in order. */
    void setUser(String user, List<String> rules) {
        String[] args = rules.toArray(String[]::new);
        each("ACL SETUSER '" + user + "'", (node, jedis) -> jedis.aclSetUser(user, args));
    }

    /**
     * ACL DELUSER on every node (a user that is not there is fine), as far as it goes: a node that fails does not
     * keep the others from it; the first failure is thrown at the end, the others suppressed in it.
     */
    void deleteUser(String user) {
        RuntimeException first = null;
        for (HostAndPort node : nodes.keySet()) {
            try {
                on(node, "ACL DELUSER '" + user + "'", (n, jedis) -> jedis.aclDelUser(user));
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Makes the change survive a restart of each node, as the target's aclPersistence says. */
    void persist() {
        if (target.persistence() != AclPersistence.NONE) {
            each("persisting the ACL (aclPersistence " + target.persistence().setting() + ")",
                    (node, jedis) -> target.persistence().persist(jedis));
        }
    }

    private interface NodeAction {
        void run(HostAndPort node, Jedis jedis);
    }

    private void each(String what, NodeAction action) {
        for (HostAndPort node : nodes.keySet()) {
            on(node, what, action);
        }
    }

    private void on(HostAndPort node, String what, NodeAction action) {
        try {
            action.run(node, nodes.get(node));
        } catch (JedisException failure) {
            throw RedisConnector.failure(target, node, what, failure);
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(Jedis::close);
    }
}
