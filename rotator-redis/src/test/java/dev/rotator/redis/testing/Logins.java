package dev.rotator.redis.testing;

import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Accounts;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.function.Consumer;

/** What a user of a secret's value notices on a node: whether it logs in, and whether a command runs. */
public final class Logins {
    private Logins() {
    }

    /** True when a fresh connection authenticates with the value (and PING answers). */
    public static boolean logsIn(RedisServer node, SecretValue value) {
        try (Jedis j = node.login(Accounts.name(value), Accounts.password(value))) {
            return "PONG".equals(j.ping());
        } catch (JedisAccessControlException e) {
            return false;
        }
    }

    /** A fresh connection as the value's account; the caller closes it. */
    public static Jedis as(RedisServer node, SecretValue value) {
        return node.login(Accounts.name(value), Accounts.password(value));
    }

    /**
     * Runs the command as the value's account: true when it ran, false when the ACL refused it (NOPERM). Any other
     * error fails the test, so a refusal for another reason is never taken for an ACL one.
     */
    public static boolean permits(RedisServer node, SecretValue value, Consumer<Jedis> command) {
        try (Jedis j = as(node, value)) {
            command.accept(j);
            return true;
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOPERM")) {
                return false;
            }
            throw e;
        }
    }
}
