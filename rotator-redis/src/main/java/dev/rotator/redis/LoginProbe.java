package dev.rotator.redis;

import dev.rotator.core.AccountCredential;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.UUID;

/**
 * The test step: on every node, a fresh connection that authenticates with the account alone, then the permission
 * exercised on a key nobody uses ({@code rotator:probe:<uuid>}): EXISTS (a read) must run; DEL (a write that
 * changes nothing, the key being absent) must run for Read/Write and be refused for Read-Only. A replica answers a
 * permitted write with READONLY, which proves the ACL let it through.
 */
final class LoginProbe {
    private final RedisConnector connector;

    LoginProbe(RedisConnector connector) {
        this.connector = connector;
    }

    void verify(RedisTarget target, AccountCredential account, AclPermission permission) {
        for (HostAndPort node : target.nodes()) {
            try (Jedis jedis = connector.login(target, node, account)) {
                String key = "rotator:probe:" + UUID.randomUUID();
                run(target, node, account, "a read (EXISTS)", () -> jedis.exists(key));
                boolean wrote = writes(target, node, account, () -> jedis.del(key));
                if (wrote != (permission == AclPermission.READ_WRITE)) {
                    throw new RotatorException(ErrorCode.ROTATION_FAILED, "node " + node + " of redis target '"
                            + target.id() + "': account '" + account.name() + "' "
                            + (wrote ? "can write, but is Read-Only" : "cannot write, but is Read/Write")
                            + ": its ACL rules differ from what the rotator sets");
                }
            }
        }
    }

    private static void run(RedisTarget target, HostAndPort node, AccountCredential account, String what,
                            Runnable command) {
        try {
            command.run();
        } catch (JedisException e) {
            throw RedisConnector.failure(target, node, what + " as '" + account.name() + "'", e);
        }
    }

    /** True when the ACL let the write through (done, or refused by a read-only replica); false on NOPERM. */
    private static boolean writes(RedisTarget target, HostAndPort node, AccountCredential account,
                                  Runnable command) {
        try {
            command.run();
            return true;
        } catch (JedisDataException e) {
            String said = String.valueOf(e.getMessage());
            if (said.startsWith("READONLY")) {
                return true;
            }
            if (said.startsWith("NOPERM")) {
                return false;
            }
            throw RedisConnector.failure(target, node, "a write (DEL) as '" + account.name() + "'", e);
        } catch (JedisException e) {
            throw RedisConnector.failure(target, node, "a write (DEL) as '" + account.name() + "'", e);
        }
    }
}
