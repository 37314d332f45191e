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
 * A rotation's two durable writes on PostgreSQL, each sent in one round trip in auto-commit: the driver sends
 * statements separated by ';' with one Sync, and PostgreSQL runs everything up to a Sync as one implicit transaction
 * (an error rolls all of it back), so a write costs one round trip, its commit included. Each write is two
 * statements, because the server's cost goes mostly by statement, not by what a statement does: the first takes the
 * lock's fence and locks the secret's row, the second (its snapshot taken after that lock, so it sees what another
 * writer of the secret committed) does the rest as data-modifying WITH clauses. Nothing needs what an earlier statement read: the choices the general
 * path makes after reading are guards here, which raise division by zero when their case does not hold and so roll
 * the whole write back. The caller then takes the general path (the secret gone or sealed under another key,
 * ACSPending already held, the version not pending, or the lock taken: the general path's own checks say which).
 */
final class RotationPipelines {
    private RotationPipelines() {
    }

    /** The SQLState of a guard that did not hold. */
    private static final String GUARD_FAILED = "22012";

    /** The statements to send and their parameters. */
    record Pipeline(String sql, Object[] params) {
        /**
         * Sends it on {@code c}, which must be in auto-commit: true when it was written (and committed), false when a
         * guard did not hold and nothing was written.
         */
        boolean send(Connection c) throws SQLException {
            try {
                Jdbc.pipeline(c, sql, params);
                return true;
            } catch (SQLException e) {
                if (GUARD_FAILED.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        }
    }

    /**
     * The create step's write: a new version holding ACSPending, its events, older versions beyond
     * {@link SecretStore#MAX_VERSIONS} evicted. Guards: the secret exists, sealed under {@code keyId} (its row locked
     * by that UPDATE, so its stage changes are serialised); no version holds ACSPending.
     */
    static Pipeline pendingVersion(String name, String keyId, NewVersion version, EnvelopeCipher.Sealed sealed,
                                   List<RotationEvent> events, LockFence fence) {
        Builder b = new Builder();
        b.lockedWrite(fence, name, "UPDATE secrets SET updated_at = ? WHERE name = ? AND encryption_key_id = ?",
                version.createTime().toEpochMilli(), name, keyId);
        b.with("inserted", "INSERT INTO secret_versions (secret_name, version_id, seq, data_type, key_id, "
                        + "wrapped_data_key, ciphertext, created_at) SELECT ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM "
                        + "secret_versions WHERE secret_name = ?), ?, ?, ?, ?, ? RETURNING secret_name, version_id",
                name, version.versionId(), name, version.value().dataType().wireName(), sealed.keyId(),
                sealed.wrappedDataKey(), sealed.ciphertext(), version.createTime().toEpochMilli());
        b.with("staged", "INSERT INTO secret_stages (secret_name, stage, version_id) SELECT secret_name, ?, version_id "
                + "FROM inserted WHERE NOT EXISTS (SELECT 1 FROM secret_stages WHERE secret_name = ? AND stage = ?) "
                + "RETURNING 1", Stages.PENDING, name, Stages.PENDING);
        // This statement's snapshot does not see the version it inserts (staged, so never evicted): hence the + 1.
        b.with("evicted", "DELETE FROM secret_versions WHERE secret_name = ? AND version_id IN (SELECT v.version_id "
                + "FROM secret_versions v WHERE v.secret_name = ? AND NOT EXISTS (SELECT 1 FROM secret_stages s WHERE "
                + "s.secret_name = v.secret_name AND s.version_id = v.version_id) ORDER BY v.seq LIMIT GREATEST(("
                + "SELECT COUNT(*) FROM secret_versions WHERE secret_name = ?) + 1 - ?, 0))", name, name, name,
                (long) SecretStore.MAX_VERSIONS);
        b.events(events);
        b.endWith("staged");
        return b.build();
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
        Builder b = new Builder();
        // RotationPolicy.afterSuccess: Disabled stays with no next rotation; otherwise Enabled, next an interval on.
        b.lockedWrite(fence, name, "UPDATE secrets SET next_rotation_at = CASE WHEN rotation_state = 'Disabled' "
                        + "THEN NULL ELSE ? + rotation_interval_s * 1000 END, rotation_state = CASE WHEN rotation_state "
                        + "= 'Disabled' THEN rotation_state ELSE 'Enabled' END, last_rotation_at = ?, "
                        + "last_error_code = NULL, last_error_message = NULL, last_error_step = NULL, "
                        + "last_error_at = NULL, finish_owed = ?, finish_due_at = ? WHERE name = ? AND EXISTS (SELECT 1 "
                        + "FROM secret_stages WHERE secret_name = ? AND stage = ? AND version_id = ?) AND EXISTS ("
                        + "SELECT 1 FROM secret_stages WHERE secret_name = ? AND stage = ?)",
                rotatedAt.toEpochMilli(), rotatedAt.toEpochMilli(), unlockOwner == null ? pendingVersionId : null,
                finishDueAt == null ? null : finishDueAt.toEpochMilli(), name, name, Stages.PENDING, pendingVersionId,
                name, Stages.CURRENT);
        // The stage rows keep their labels and change versions, so no two rows ever hold one label in between.
        b.with("previous", "INSERT INTO secret_stages (secret_name, stage, version_id) SELECT secret_name, ?, "
                + "version_id FROM secret_stages WHERE secret_name = ? AND stage = ? ON CONFLICT (secret_name, stage) "
                + "DO UPDATE SET version_id = EXCLUDED.version_id", Stages.PREVIOUS, name, Stages.CURRENT);
        b.with("promoted", "UPDATE secret_stages SET version_id = ? WHERE secret_name = ? AND stage = ?",
                pendingVersionId, name, Stages.CURRENT);
        b.with("unpended", "DELETE FROM secret_stages WHERE secret_name = ? AND stage = ?", name, Stages.PENDING);
        b.events(events);
        if (unlockOwner != null) {
            b.with("unlocked", JdbcSecretStore.UNLOCK, name, unlockOwner);
        }
        b.endWith(null);
        return b.build();
    }

    /** Two statements: a guarded write that locks the secret's row, then one of WITH clauses. */
    private static final class Builder {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> params = new ArrayList<>();
        private boolean withOpen;

        /**
         * The first statement: {@code update} (of the secret's row, so it is locked), which must change that one row,
         * and the fence's renewal of the lock (if any), which must hold.
         */
        void lockedWrite(LockFence fence, String name, String update, Object... values) {
            sql.append("WITH ");
            if (fence != null) {
                sql.append("fence AS (").append(JdbcSecretStore.TAKE_LOCK).append(" RETURNING 1), ");
                params.addAll(List.of(fence.owner(), fence.expiresAt().toEpochMilli(), name, fence.owner(),
                        fence.now().toEpochMilli()));
                update += " AND EXISTS (SELECT 1 FROM fence)";
            }
            sql.append("guarded AS (").append(update).append(" RETURNING 1) SELECT 1 / COUNT(*) FROM guarded;\n");
            params.addAll(Arrays.asList(values));
        }

        /** A clause {@code alias AS (statement)} of the second statement. */
        void with(String alias, String statement, Object... values) {
            sql.append(withOpen ? ",\n" : "WITH ").append(alias).append(" AS (").append(statement).append(')');
            withOpen = true;
            params.addAll(Arrays.asList(values));
        }

        void events(List<RotationEvent> events) {
            if (events.isEmpty()) {
                return;
            }
            with("events", JdbcSecretStore.eventsInsert(events.size()));
            events.forEach(e -> params.addAll(Arrays.asList(JdbcSecretStore.eventRow(e))));
        }

        /** Ends the second statement: it fails its guard unless clause {@code guard} (if any) returned a row. */
        void endWith(String guard) {
            sql.append(guard == null ? " SELECT 1" : " SELECT 1 / COUNT(*) FROM " + guard);
        }

        Pipeline build() {
            return new Pipeline(sql.toString(), params.toArray());
        }
    }
}
