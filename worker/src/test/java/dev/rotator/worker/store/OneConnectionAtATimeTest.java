package dev.rotator.worker.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.rotator.core.SecretValue;
import dev.rotator.core.Stages;
import dev.rotator.worker.auth.AccessKeyStore;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The store holds one pool connection at a time: GetSecretValue's reads (the AccessKey, the secret version)
 * and the writes of values.
 * Opening a sealed value may need the key ring's own connection; taken while the read still held one,
 * N concurrent requests on a pool of N starved it (5 s waits, then InternalFailure), as the benchmark
 * showed at 16 callers. A pool of one connection makes that deterministic.
 */
class OneConnectionAtATimeTest {
    @Test
    void accessKeysAndSecretValuesAreReadOnAPoolOfOneConnection() throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.H2.create()) {
            RootKey rootKey = RootKey.generate();
            LocalKeyRing writerRing = new LocalKeyRing(db.database().dataSource(), rootKey);
            String keyId = writerRing.ensureDefaultKey();
            EnvelopeCipher writerCipher = new EnvelopeCipher(writerRing);
            new JdbcSecretStore(db.database(), writerCipher).create(TestStores.generic("app/db"),
                    TestStores.version("v1", "the-value"));
            AccessKeyStore.NewAccessKey made = new AccessKeyStore(db.database(), writerCipher, keyId)
                    .create("reader-1", PrincipalPolicy.admin());

            // Migrations need two connections, so the pool shrinks to one only now.
            HikariDataSource pool = (HikariDataSource) db.database().dataSource();
            pool.getHikariConfigMXBean().setMaximumPoolSize(1);
            pool.getHikariPoolMXBean().softEvictConnections();
            // Fresh key rings, one each: nothing cached yet, so opening a value does query the key.
            AccessKeyStore keys = new AccessKeyStore(db.database(), new EnvelopeCipher(new LocalKeyRing(pool, rootKey)),
                    keyId);
            JdbcSecretStore store = new JdbcSecretStore(db.database(), new EnvelopeCipher(new LocalKeyRing(pool, rootKey)));
            assertTimeoutPreemptively(Duration.ofSeconds(4), () -> {
                assertThat(keys.credential(made.accessKeyId()).orElseThrow().enabled()).isTrue();
                assertThat(store.versionAt("app/db", Stages.CURRENT).orElseThrow().value().text())
                        .isEqualTo("the-value");
                assertThat(store.version("app/db", "v1").orElseThrow().value().text()).isEqualTo("the-value");
                assertThat(store.findAt("app/db", Stages.CURRENT).orElseThrow().version().orElseThrow().value().text())
                        .isEqualTo("the-value");
            }, "a read waited for a second connection from a pool of one");
        }
    }

    /** Writes seal their value (which reads the key) before their transaction takes its connection. */
    @Test
    void secretsAndVersionsAreWrittenOnAPoolOfOneConnection() throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.H2.create()) {
            RootKey rootKey = RootKey.generate();
            new LocalKeyRing(db.database().dataSource(), rootKey).ensureDefaultKey();
            HikariDataSource pool = (HikariDataSource) db.database().dataSource();
            pool.getHikariConfigMXBean().setMaximumPoolSize(1);
            pool.getHikariPoolMXBean().softEvictConnections();
            JdbcSecretStore store = new JdbcSecretStore(db.database(), new EnvelopeCipher(new LocalKeyRing(pool, rootKey)));
            assertTimeoutPreemptively(Duration.ofSeconds(4), () -> {
                store.create(TestStores.generic("app/db"), TestStores.version("v1", "first"));
                store.putVersion("app/db", TestStores.version("v2", "second"), Set.of(Stages.PENDING));
                store.replacePendingValue("app/db", "v2", SecretValue.text("minted"));
            }, "a write waited for a second connection from a pool of one");
            assertThat(store.versionAt("app/db", Stages.PENDING).orElseThrow().value().text()).isEqualTo("minted");
            assertThat(store.versionAt("app/db", Stages.CURRENT).orElseThrow().value().text()).isEqualTo("first");
        }
    }
}
