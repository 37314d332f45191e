package dev.rotator.redis.testing;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.rds.testing.Rotation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Redis secrets as CreateSecret makes them: the ExtendedConfig, the secret, and validate + provision of $Auto. */
public final class RedisSecrets {
    public static final SecretValue AUTO = SecretValue.text("$Auto");

    private RedisSecrets() {
    }

    /** Validates and provisions the secret; its stages then rotate as the engine rotates them. */
    public static Rotation provisioned(Rotator rotator, String name, Map<String, ?> extendedConfig) {
        return Rotation.created(rotator, SecretType.REDIS, name, extendedConfig, AUTO);
    }

    public static Secret secret(String name, Map<String, ?> extendedConfig) {
        return new Secret(name, SecretType.REDIS, null, null, null, ExtendedConfig.of(extendedConfig), null, null,
                null, Instant.now(), Instant.now());
    }

    /** The ExtendedConfig of a pair on {@link RedisPair#TARGET}, as Alibaba's CreateSecret takes it. */
    public static Map<String, Object> config(String accountName, String privilege) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("SecretSubType", "DoubleUsers");
        m.put("AccountName", accountName);
        m.put("CloneAccountName", accountName + "_clone");
        m.put("AccountPrivilege", privilege);
        m.put("InstanceId", RedisPair.TARGET);
        m.put("RegionId", "local");
        return m;
    }
}
