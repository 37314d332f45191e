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
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Redis secret (DoubleUsers, Read/Write) on the throwaway Redis 7, rotated through the real engine, next to its
 * floor twin. Both pairs of ACL users are made by CreateSecret's service (RedisRotator.provision); the target's admin
 * user (the server's default user) is a Generic secret read by the rotator from the store at each set, as in the
 * worker. The target is declared with {@code aclPersistence: none}, so neither side persists the ACL.
 *
 * <p>The floor is {@link RedisFloorRotation} on an admin connection kept open. On its first two rotations it checks
 * that its users' ACLs are the engine's (rules, flags, passwords count), so it cannot drift from what the rotator
 * sends.
 */
public final class RedisBenchCase implements RotationCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HostAndPort node;
    private final String adminPassword;
    private final RotationEngine engine;
    private final String engineSecret;
    private final String enginePair;
    private final String floorPair;
    private final RedisFloorRotation floor;
    private final Jedis floorAdmin;
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
        SecretVersion current = store.store().versionAt(floorSecret, Stages.CURRENT).orElseThrow();
        this.floor = new RedisFloorRotation(node, floorPair, FloorStoreWrites.of(store.dataSource(), floorSecret),
                AccountCredential.parse(current.value(), "ACSCurrent"));
        this.floorAdmin = new Jedis(node, RedisFloorRotation.config("default", adminPassword));
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
        String pending = floor.rotate(floorAdmin);
        if (++floorRotations <= 2) {
            RedisFloorRotation.sameAcl(floorAdmin, pending, pending.replace(floorPair, enginePair));
        }
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
