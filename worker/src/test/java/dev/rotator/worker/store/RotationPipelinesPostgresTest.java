package dev.rotator.worker.store;

import dev.rotator.core.Stages;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.rotator.worker.testing.TestStores.rds;
import static dev.rotator.worker.testing.TestStores.store;
import static dev.rotator.worker.testing.TestStores.version;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipelined writes on PostgreSQL: each is one implicit transaction, so a guard that fails in its second statement
 * takes back what its first one did (the lock's renewal, the secret's row), and nothing of it is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotationPipelinesPostgresTest {
    private TestDatabase db;
    private SecretStore store;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    void open() {
        db = TestDatabases.POSTGRESQL.create();
        store = store(db.database());
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    /** A secret with ACSCurrent, locked by w1 for a minute. */
    private String lockedSecret() {
        String n = "pipe/" + UUID.randomUUID();
        store.create(rds(n), version("v1", "a"));
        assertThat(store.tryLock(n, "w1", now, now.plusSeconds(60))).isTrue();
        return n;
    }

    private SecretStore.LockFence renewFor10Minutes() {
        return new SecretStore.LockFence("w1", now, now.plusSeconds(600));
    }

    private RotationPipelines.Pipeline pending(String n, String versionId) throws SQLException {
        String keyId = query(n, "SELECT encryption_key_id FROM secrets WHERE name = ?");
        EnvelopeCipher.Sealed sealed = new EnvelopeCipher.Sealed(keyId, new byte[] {1, 2, 3}, new byte[] {4, 5, 6});
        return RotationPipelines.pendingVersion(n, keyId, version(versionId, "unused"), sealed,
                List.of(event(n, versionId, "create")), renewFor10Minutes());
    }

    private static RotationEvent event(String n, String token, String step) {
        return new RotationEvent(n, token, step, "Success", 1, null, null, Instant.now());
    }

    private boolean send(RotationPipelines.Pipeline pipeline) throws SQLException {
        try (Connection c = db.database().dataSource().getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
            return pipeline.send(c);
        }
    }

    private String query(String n, String sql) throws SQLException {
        try (Connection c = db.database().dataSource().getConnection()) {
            return Jdbc.queryOne(c, sql, rs -> rs.getString(1), n).orElse(null);
        }
    }

    /** Read without decrypting: the test's versions hold made-up ciphertext. */
    private String holder(String n, String stage) throws SQLException {
        return query(n, "SELECT version_id FROM secret_stages WHERE secret_name = ? AND stage = '" + stage + "'");
    }

    private String lockExpiry(String n) throws SQLException {
        return query(n, "SELECT expires_at FROM rotation_locks WHERE secret_name = ?");
    }

    @Test
    void aPendingVersionIsWrittenWithItsEventAndTheLocksRenewalInOneGo() throws SQLException {
        String n = lockedSecret();
        assertThat(send(pending(n, "t2"))).isTrue();
        assertThat(holder(n, Stages.PENDING)).isEqualTo("t2");
        assertThat(store.events(n, 10)).extracting(RotationEvent::step).containsExactly("create");
        assertThat(lockExpiry(n)).isEqualTo(String.valueOf(now.plusSeconds(600).toEpochMilli()));
    }

    @Test
    void aPendingVersionWhoseGuardFailsInTheSecondStatementLeavesNothingOfTheFirst() throws SQLException {
        String n = lockedSecret();
        store.putVersion(n, version("t2", "b"), Set.of(Stages.PENDING));
        String updatedAt = query(n, "SELECT updated_at FROM secrets WHERE name = ?");

        assertThat(send(pending(n, "t3"))).as("ACSPending is held: the general path's case").isFalse();

        assertThat(store.version(n, "t3")).isEmpty();
        assertThat(store.events(n, 10)).isEmpty();
        assertThat(lockExpiry(n)).as("the fence's renewal rolled back")
                .isEqualTo(String.valueOf(now.plusSeconds(60).toEpochMilli()));
        assertThat(query(n, "SELECT updated_at FROM secrets WHERE name = ?")).isEqualTo(updatedAt);
    }

    @Test
    void aPromoteMovesTheStagesGivesTheLockBackOrWritesNothing() throws SQLException {
        String n = lockedSecret();
        assertThat(send(pending(n, "t2"))).isTrue();
        String policy = "SELECT next_rotation_at || '/' || COALESCE(last_rotation_at, 0) FROM secrets WHERE name = ?";
        String before = query(n, policy);

        assertThat(send(RotationPipelines.promote(n, "v1", now, null, List.of(event(n, "v1", "promote")),
                renewFor10Minutes(), "w1"))).as("v1 is not pending").isFalse();
        assertThat(query(n, policy)).isEqualTo(before);
        assertThat(holder(n, Stages.PENDING)).isEqualTo("t2");
        assertThat(store.events(n, 10)).extracting(RotationEvent::step).containsExactly("create");

        assertThat(send(RotationPipelines.promote(n, "t2", now, null, List.of(event(n, "t2", "promote")),
                renewFor10Minutes(), "w1"))).isTrue();
        assertThat(holder(n, Stages.CURRENT)).isEqualTo("t2");
        assertThat(holder(n, Stages.PREVIOUS)).isEqualTo("v1");
        assertThat(holder(n, Stages.PENDING)).isNull();
        assertThat(query(n, "SELECT last_rotation_at FROM secrets WHERE name = ?"))
                .isEqualTo(String.valueOf(now.toEpochMilli()));
        assertThat(lockExpiry(n)).as("given back").isEqualTo("0");
    }
}
