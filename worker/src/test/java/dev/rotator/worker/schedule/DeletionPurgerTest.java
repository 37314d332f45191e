package dev.rotator.worker.schedule;

import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.rotator.worker.testing.TestStores.generic;
import static dev.rotator.worker.testing.TestStores.version;
import static org.assertj.core.api.Assertions.assertThat;

/** The worker's periodic purge removes a secret whose recovery window ended, and leaves one still inside it. */
class DeletionPurgerTest {

    @Test
    void purgesEndedWindowsInTheBackground() throws Exception {
        try (TestDatabase db = TestDatabases.H2.create()) {
            LocalKeyRing keys = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
            keys.ensureDefaultKey();
            JdbcSecretStore store = new JdbcSecretStore(db.database(), new EnvelopeCipher(keys));
            store.create(generic("ended"), version("v1", "a"));
            store.create(generic("waiting"), version("v1", "b"));
            store.setPlannedDeleteTime("ended", Instant.now().minusSeconds(1));
            store.setPlannedDeleteTime("waiting", Instant.now().plus(Duration.ofDays(7)));
            SecretService service = new SecretService(store, keys, new RotatorRegistry(Map.of()), s -> { },
                    Clock.systemUTC());

            try (DeletionPurger purger = DeletionPurger.start(service, Clock.systemUTC(), Duration.ofMillis(50))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (store.find("ended").isPresent()) {
                    assertThat(System.nanoTime()).as("purged within 20 s").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            assertThat(store.find("waiting")).isPresent();
            assertThat(store.versions("ended")).isEmpty();
        }
    }
}
