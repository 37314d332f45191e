package dev.rotator.worker.store;

import dev.rotator.core.Stages;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.spi.SecretStore.LockFence;
import dev.rotator.worker.crypto.EnvelopeCipher;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rotation's two durable writes on PostgreSQL, each as statements sent together: its driver pipelines statements
 * separated by ';' in one round trip, so a write costs that round trip and its commit, however many statements it
 * holds. No statement needs what an earlier one read: the choices the general path makes after reading are
 * guards here (a statement that changes nothing when its case does not hold), checked on the update counts. When
 * a guard finds the unusual case (the secret gone, or not in the shape a rotation leaves it), the caller rolls the
 * transaction back and takes the general path.
 */
final class RotationPipelines {
    private RotationPipelines() {
    }

    /** The statements to send for secret {@code name} and their parameters; the update counts come back in order. */
    record Pipeline(String name, String sql, Object[] params, boolean fenced) {
        /**
         * Sends it on {@code c}, inside the caller's transaction. Rejected.SecretRotating (the caller rolls back) when
         * the fence found the lock taken by another worker.
         */
        Outcome send(Connection c) throws SQLException {
            Outcome outcome = new Outcome(Jdbc.pipeline(c, sql, params), fenced);
            if (fenced && outcome.counts()[0] != 1) {
                throw LockFence.lost(name);
            }
            return outcome;
        }
    }

    /** The update counts of a sent pipeline, first the fence's (if any), then the guard's. */
    record Outcome(int[] counts, boolean fenced) {
        /** False when the guarding statement changed nothing: the general path must run instead. */
        boolean guardHeld() {
            return counts[fenced ? 1 : 0] == 1;
        }
    }

    /**
     * The create step's write: a new version holding ACSPending (which no version holds), its events, older
     * versions beyond {@link SecretStore#MAX_VERSIONS} evicted. Guard: the secret exists, sealed under
     * {@code keyId} (its row locked by that same UPDATE, so its stage changes are serialised).
     */
    static Pipeline pendingVersion(String name, String keyId, NewVersion version, EnvelopeCipher.Sealed sealed,
                                   List<RotationEvent> events, LockFence fence) {
        Builder b = new Builder(fence, name);
        b.add("UPDATE secrets SET updated_at = ? WHERE name = ? AND encryption_key_id = ?",
                version.createTime().toEpochMilli(), name, keyId);
        b.add("INSERT INTO secret_versions (secret_name, version_id, seq, data_type, key_id, wrapped_data_key, "
                        + "ciphertext, created_at) SELECT ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM secret_versions "
                        + "WHERE secret_name = ?), ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM secrets WHERE name = ? "
                        + "AND encryption_key_id = ?)", name, version.versionId(), name,
                version.value().dataType().wireName(), sealed.keyId(), sealed.wrappedDataKey(), sealed.ciphertext(),
                version.createTime().toEpochMilli(), name, keyId);
        b.add("INSERT INTO secret_stages (secret_name, stage, version_id) SELECT secret_name, ?, version_id "
                + "FROM secret_versions WHERE secret_name = ? AND version_id = ? AND NOT EXISTS (SELECT 1 FROM "
                + "secret_stages WHERE secret_name = ? AND stage = ?)", Stages.PENDING, name, version.versionId(),
                name, Stages.PENDING);
        b.add("DELETE FROM secret_versions WHERE secret_name = ? AND version_id IN (SELECT v.version_id FROM "
                + "secret_versions v WHERE v.secret_name = ? AND NOT EXISTS (SELECT 1 FROM secret_stages s WHERE "
                + "s.secret_name = v.secret_name AND s.version_id = v.version_id) ORDER BY v.seq LIMIT GREATEST(("
                + "SELECT COUNT(*) FROM secret_versions WHERE secret_name = ?) - ?, 0))", name, name, name,
                (long) SecretStore.MAX_VERSIONS);
        b.events(events);
        return b.build();
    }

    /** True when the pending version's ACSPending was added (the third count after any fence's). */
    static boolean pendingStaged(Outcome outcome) {
        return outcome.counts()[outcome.fenced() ? 3 : 2] == 1;
    }

    /**
     * The promote step's write: ACSPending's version becomes ACSCurrent, the current one ACSPrevious (the label
     * leaves the older one), the policy as stored gets {@code afterSuccess} at {@code rotatedAt}, written in SQL
     * from the row as locked (so a policy change made while the rotation ran is kept), the last error cleared,
     * the finish owed, and the events. Guard: the version holds ACSPending and some version holds ACSCurrent.
     */
    static Pipeline promote(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                            List<RotationEvent> events, LockFence fence) {
        return promote(name, pendingVersionId, rotatedAt, finishDueAt, events, fence, null);
    }

    /**
     * {@link #promote(String, String, Instant, Instant, List, LockFence)}; with an {@code unlockOwner}, the
     * rotation's finish step is done (no finish owed) and that owner's lock given back, in the same transaction.
     */
    static Pipeline promote(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                            List<RotationEvent> events, LockFence fence, String unlockOwner) {
        Builder b = new Builder(fence, name);
        // RotationPolicy.afterSuccess: Disabled stays with no next rotation; otherwise Enabled, next an interval on.
        b.add("UPDATE secrets SET next_rotation_at = CASE WHEN rotation_state = 'Disabled' THEN NULL "
                + "ELSE ? + rotation_interval_s * 1000 END, rotation_state = CASE WHEN rotation_state = 'Disabled' "
                + "THEN rotation_state ELSE 'Enabled' END, last_rotation_at = ?, last_error_code = NULL, "
                + "last_error_message = NULL, last_error_step = NULL, last_error_at = NULL, finish_owed = ?, "
                + "finish_due_at = ? WHERE name = ? AND EXISTS (SELECT 1 FROM secret_stages WHERE secret_name = ? "
                + "AND stage = ? AND version_id = ?) AND EXISTS (SELECT 1 FROM secret_stages WHERE secret_name = ? "
                + "AND stage = ?)", rotatedAt.toEpochMilli(), rotatedAt.toEpochMilli(),
                unlockOwner == null ? pendingVersionId : null,
                finishDueAt == null ? null : finishDueAt.toEpochMilli(), name, name, Stages.PENDING, pendingVersionId,
                name, Stages.CURRENT);
        b.add("DELETE FROM secret_stages WHERE secret_name = ? AND stage = ?", name, Stages.PREVIOUS);
        b.add("UPDATE secret_stages SET stage = ? WHERE secret_name = ? AND stage = ?", Stages.PREVIOUS, name,
                Stages.CURRENT);
        b.add("UPDATE secret_stages SET stage = ? WHERE secret_name = ? AND stage = ?", Stages.CURRENT, name,
                Stages.PENDING);
        b.events(events);
        if (unlockOwner != null) {
            b.add(JdbcSecretStore.UNLOCK, name, unlockOwner);
        }
        return b.build();
    }

    private static final class Builder {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> params = new ArrayList<>();
        private final String name;
        private final boolean fenced;

        Builder(LockFence fence, String name) {
            this.name = name;
            fenced = fence != null;
            if (fenced) {
                add(JdbcSecretStore.TAKE_LOCK, fence.owner(), fence.expiresAt().toEpochMilli(), name, fence.owner(),
                        fence.now().toEpochMilli());
            }
        }

        void add(String statement, Object... values) {
            if (!sql.isEmpty()) {
                sql.append(";\n");
            }
            sql.append(statement);
            params.addAll(Arrays.asList(values));
        }

        void events(List<RotationEvent> events) {
            if (events.isEmpty()) {
                return;
            }
            add(JdbcSecretStore.eventsInsert(events.size()));
            events.forEach(e -> params.addAll(Arrays.asList(JdbcSecretStore.eventRow(e))));
        }

        Pipeline build() {
            return new Pipeline(name, sql.toString(), params.toArray(), fenced);
        }
    }
}
