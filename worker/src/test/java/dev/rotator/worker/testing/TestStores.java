package dev.rotator.worker.testing;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.Database;
import dev.rotator.worker.store.JdbcSecretStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds a real store (key ring, envelope cipher, JDBC) on a test database, and test secrets. */
public final class TestStores {
    private TestStores() {
    }

    public static JdbcSecretStore store(Database database) {
        LocalKeyRing keyRing = new LocalKeyRing(database.dataSource(), RootKey.generate());
        keyRing.ensureDefaultKey();
        return new JdbcSecretStore(database, new EnvelopeCipher(keyRing));
    }

    public static Secret generic(String name) {
        Instant now = Instant.now();
        return new Secret(name, SecretType.GENERIC, "test secret", LocalKeyRing.DEFAULT_KEY_ID, List.of(),
                ExtendedConfig.EMPTY, RotationPolicy.disabled(), null, null, now, now);
    }

    /** A dual-account RDS secret with automatic rotation every 6 hours. */
    public static Secret rds(String name) {
        Instant now = Instant.now();
        return new Secret(name, SecretType.RDS, null, LocalKeyRing.DEFAULT_KEY_ID, List.of(),
                ExtendedConfig.of(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1")),
                new RotationPolicy(AutomaticRotation.Enabled, Duration.ofHours(6), now.plus(Duration.ofHours(6)), null),
                null, null, now, now);
    }

    public static NewVersion version(String id, String value) {
        return new NewVersion(id, SecretValue.text(value), Instant.now());
    }
}
