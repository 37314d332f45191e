package dev.rotator.worker.store;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.DataType;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotationError;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretFilter;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.Tag;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RecordedEvent;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.spi.SecretStore.LockFence;
import dev.rotator.core.spi.SecretStore.LockedRead;
import dev.rotator.core.spi.SecretStore.SecretAtStage;
import dev.rotator.core.spi.SecretStore.OwedFinish;
import dev.rotator.worker.crypto.EnvelopeCipher;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link SecretStore} on a JDBC database (H2, PostgreSQL, MySQL/MariaDB). Values are sealed by
 * the {@link EnvelopeCipher} before they reach a statement; every stage change runs in one
 * transaction that first locks the secret's row, so stage changes of one secret are serialised.
 */
public final class JdbcSecretStore implements SecretStore {
    /** {@link #secret} reads these by position: keep the order, and put them first in a SELECT. */
    private static final String SECRET_COLUMNS = "name, secret_type, description, encryption_key_id, extended_config, "
            + "rotation_state, rotation_interval_s, next_rotation_at, last_rotation_at, last_error_code, "
            + "last_error_message, last_error_step, last_error_at, planned_delete_at, created_at, updated_at";
    /** {@link #SECRET_COLUMNS} of table alias {@code s}, for queries that join tables sharing column names. */
    private static final String S_SECRET_COLUMNS = "s." + SECRET_COLUMNS.replace(", ", ", s.");
    private static final String EVENT_SELECT = "SELECT id, secret_name, token, step, outcome, duration_ms, error_code, "
            + "error_message, created_at FROM rotation_events ";

    private final Jdbc jdbc;
    private final EnvelopeCipher cipher;
    private final Dialect dialect;
    /**
     * Each secret's encryption key id as last read, so that sealing a new version needs no query: putVersion's
     * transaction checks it (a secret deleted and made again with another key is read afresh).
     */
    private final Map<String, String> keyIds = new java.util.concurrent.ConcurrentHashMap<>();

    public JdbcSecretStore(Database database, EnvelopeCipher cipher) {
        this.jdbc = new Jdbc(database.dataSource());
        this.cipher = cipher;
        this.dialect = database.dialect();
    }

    // ---- secrets -------------------------------------------------------------------------

    @Override
    public void create(Secret secret, NewVersion initialVersion) {
        EnvelopeCipher.Sealed sealed = seal(secret.encryptionKeyId(), secret.name(), initialVersion);
        jdbc.inTransaction(c -> {
            insertSecret(c, secret);
            insertVersion(c, secret.name(), initialVersion, sealed);
            moveStage(c, secret.name(), Stages.CURRENT, initialVersion.versionId());
            return null;
        });
    }

    @Override
    public Optional<Secret> find(String name) {
        return jdbc.withConnection(c -> findSecret(c, name));
    }

    @Override
    public List<Secret> list(String afterName, int limit) {
        SecretQuery where = afterName == null ? SecretQuery.of(SecretFilter.NONE) : SecretQuery.after(afterName);
        return page(where, " LIMIT ?", limit);
    }

    @Override
    public long count() {
        return count(SecretFilter.NONE);
    }

    @Override
    public List<Secret> search(SecretFilter filter, int offset, int limit) {
        return page(SecretQuery.of(filter), " LIMIT ? OFFSET ?", limit, offset);
    }

    /**
     * A page of secrets with their tags. The page's names are chosen first, on the name index alone, and only its
     * rows are read: an OFFSET deep into 100,000 secrets then skips index entries rather than whole rows.
     */
    private List<Secret> page(SecretQuery where, String bounds, Object... limits) {
        return jdbc.withConnection(c -> {
            List<Secret> page = Jdbc.query(c, "SELECT " + S_SECRET_COLUMNS + " FROM secrets s JOIN (SELECT s.name "
                    + "FROM secrets s" + where.sql() + " ORDER BY s.name" + bounds + ") p ON p.name = s.name "
                    + "ORDER BY s.name", rs -> secret(rs, List.of()), where.params(limits));
            return withTags(c, page);
        });
    }

    @Override
    public long count(SecretFilter filter) {
        SecretQuery where = SecretQuery.of(filter);
        return jdbc.withConnection(c -> Jdbc.queryOne(c, "SELECT COUNT(*) FROM secrets s" + where.sql(),
                rs -> rs.getLong(1), where.params()).orElse(0L));
    }

    @Override
    public Map<AutomaticRotation, Long> countByAutomaticRotation() {
        Map<AutomaticRotation, Long> counts = new EnumMap<>(AutomaticRotation.class);
        for (AutomaticRotation state : AutomaticRotation.values()) {
            counts.put(state, 0L);
        }
        jdbc.withConnection(c -> Jdbc.query(c, "SELECT rotation_state, COUNT(*) FROM secrets GROUP BY rotation_state",
                rs -> counts.put(AutomaticRotation.valueOf(rs.getString(1)), rs.getLong(2))));
        return counts;
    }

    @Override
    public void update(Secret secret) {
        jdbc.inTransaction(c -> {
            lockSecret(c, secret.name());
            Object[] row = secretRow(secret);
            Object[] params = new Object[row.length];
            System.arraycopy(row, 1, params, 0, row.length - 1);
            params[row.length - 1] = secret.name();
            Jdbc.update(c, "UPDATE secrets SET secret_type=?, description=?, encryption_key_id=?, extended_config=?, "
                    + "rotation_state=?, rotation_interval_s=?, next_rotation_at=?, last_rotation_at=?, last_error_code=?, "
                    + "last_error_message=?, last_error_step=?, last_error_at=?, planned_delete_at=?, created_at=?, "
                    + "updated_at=? WHERE name=?", params);
            Jdbc.update(c, "DELETE FROM secret_tags WHERE secret_name = ?", secret.name());
            insertTags(c, secret);
            return null;
        });
    }

    @Override
    public void updateDetails(String name, String description, ExtendedConfig extendedConfig, Instant updateTime) {
        jdbc.withConnection(c -> requireRow(name, Jdbc.update(c, "UPDATE secrets SET description = ?, "
                        + "extended_config = ?, updated_at = ? WHERE name = ?", description,
                extendedConfig.isEmpty() ? null : extendedConfig.toJson(), updateTime.toEpochMilli(), name)));
    }

    @Override
    public void setPlannedDeleteTime(String name, Instant at) {
        jdbc.withConnection(c -> requireRow(name, Jdbc.update(c, "UPDATE secrets SET planned_delete_at = ? "
                + "WHERE name = ?", millis(at), name)));
    }

    @Override
    public List<String> dueForPurge(Instant now, int limit) {
        return jdbc.withConnection(c -> Jdbc.query(c, "SELECT name FROM secrets WHERE planned_delete_at IS NOT NULL "
                + "AND planned_delete_at <= ? ORDER BY planned_delete_at, name LIMIT ?", rs -> rs.getString(1),
                now.toEpochMilli(), limit));
    }

    @Override
    public boolean purgeIfDue(String name, Instant now) {
        return jdbc.inTransaction(c -> {
            Optional<Long> planned = Jdbc.queryOne(c, "SELECT planned_delete_at FROM secrets WHERE name = ? FOR UPDATE",
                    rs -> Jdbc.nullableLong(rs, "planned_delete_at"), name);
            if (planned.isEmpty() || planned.get() > now.toEpochMilli()) {
                return false;
            }
            deleteRows(c, name);
            return true;
        });
    }

    @Override
    public Optional<String> policy(String name, String policyName) {
        return jdbc.withConnection(c -> Jdbc.queryOne(c, "SELECT document FROM secret_policies WHERE secret_name = ? "
                + "AND policy_name = ?", rs -> rs.getString(1), name, policyName));
    }

    @Override
    public void setPolicy(String name, String policyName, String document, Instant updateTime) {
        jdbc.inTransaction(c -> {
            lockSecret(c, name);
            int rows = Jdbc.update(c, "UPDATE secret_policies SET document = ?, updated_at = ? WHERE secret_name = ? "
                    + "AND policy_name = ?", document, updateTime.toEpochMilli(), name, policyName);
            if (rows == 0) {
                Jdbc.update(c, "INSERT INTO secret_policies (secret_name, policy_name, document, updated_at) "
                        + "VALUES (?, ?, ?, ?)", name, policyName, document, updateTime.toEpochMilli());
            }
            return null;
        });
    }

    @Override
    public Optional<RotationLock> rotationLock(String name, Instant now) {
        // tryLock takes a lock whose expiry is before now, so one expiring at now or later is still held.
        return jdbc.withConnection(c -> Jdbc.queryOne(c, "SELECT owner, expires_at FROM rotation_locks "
                        + "WHERE secret_name = ? AND expires_at >= ?",
                rs -> new RotationLock(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))), name, now.toEpochMilli()));
    }

    @Override
    public void recordRotation(String name, RotationPolicy policy, RotationError error) {
        jdbc.withConnection(c -> {
            writeRotation(c, name, policy, error);
            return null;
        });
    }

    @Override
    public void recordFailure(String name, RotationError error) {
        jdbc.inTransaction(c -> {
            Secret locked = lockSecret(c, name);
            writeRotation(c, name, locked.rotation().afterFailure(error.at()), error);
            return null;
        });
    }

    @Override
    public boolean postponeRotation(String name, Instant due, Instant until) {
        return jdbc.withConnection(c -> Jdbc.update(c, "UPDATE secrets SET next_rotation_at = ? WHERE name = ? "
                + "AND next_rotation_at = ?", until.toEpochMilli(), name, due.toEpochMilli()) == 1);
    }

    /** The columns a rotation's outcome writes, as a SET list; {@link #rotationParams} binds them. */
    private static final String ROTATION_SET = "rotation_state=?, rotation_interval_s=?, next_rotation_at=?, "
            + "last_rotation_at=?, last_error_code=?, last_error_message=?, last_error_step=?, last_error_at=?";

    private static void writeRotation(Connection c, String name, RotationPolicy policy, RotationError error)
            throws SQLException {
        requireRow(name, Jdbc.update(c, "UPDATE secrets SET " + ROTATION_SET + " WHERE name=?",
                rotationParams(policy, error, name)));
    }

    private static Object[] rotationParams(RotationPolicy policy, RotationError error, Object... more) {
        List<Object> params = new ArrayList<>(Arrays.asList(policy.state().name(),
                seconds(policy.interval()), millis(policy.nextRotation()), millis(policy.lastRotation()),
                error == null ? null : error.code(), error == null ? null : error.message(),
                error == null ? null : error.step(), error == null ? null : millis(error.at())));
        params.addAll(Arrays.asList(more));
        return params.toArray();
    }

    @Override
    public void delete(String name) {
        jdbc.inTransaction(c -> {
            lockSecret(c, name);
            deleteRows(c, name);
            return null;
        });
    }

    private static void deleteRows(Connection c, String name) throws SQLException {
        // Stages first: they reference versions, which reference the secret.
        Jdbc.update(c, "DELETE FROM secret_stages WHERE secret_name = ?", name);
        Jdbc.update(c, "DELETE FROM secret_versions WHERE secret_name = ?", name);
        Jdbc.update(c, "DELETE FROM secret_tags WHERE secret_name = ?", name);
        Jdbc.update(c, "DELETE FROM secret_policies WHERE secret_name = ?", name);
        Jdbc.update(c, "DELETE FROM rotation_locks WHERE secret_name = ?", name);
        Jdbc.update(c, "DELETE FROM secrets WHERE name = ?", name);
    }

    // ---- versions and stages ----------------------------------------------------------------

    @Override
    public List<VersionInfo> versions(String name) {
        return jdbc.withConnection(c -> {
            Map<String, Set<String>> stages = stagesByVersion(c, name);
            return Jdbc.query(c, "SELECT version_id, created_at FROM secret_versions WHERE secret_name = ? ORDER BY seq",
                    rs -> new VersionInfo(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            stages.getOrDefault(rs.getString(1), Set.of())), name);
        });
    }

    @Override
    public Optional<SecretVersion> version(String name, String versionId) {
        return jdbc.withConnection(c -> readVersion(c, name, versionId)).map(this::open);
    }

    @Override
    public Optional<SecretVersion> versionAt(String name, String stage) {
        return jdbc.withConnection(c -> storedVersionAt(c, name, stage)).map(this::open);
    }

    /** The holders of the stages asked for, each version opened once, in one query: what a rotation reads. */
    @Override
    public Map<String, SecretVersion> versionsAt(String name, Set<String> stages) {
        if (stages.isEmpty()) {
            return Map.of();
        }
        StagedRows staged = new StagedRows(name);
        List<Object> params = new ArrayList<>(List.of(name));
        params.addAll(stages);
        jdbc.withConnection(c -> Jdbc.query(c, "SELECT " + VERSION_COLUMNS + ", st.stage, other.stage "
                + "FROM secret_stages st JOIN secret_versions v ON v.secret_name = st.secret_name "
                + "AND v.version_id = st.version_id JOIN secret_stages other ON other.secret_name = v.secret_name "
                + "AND other.version_id = v.version_id WHERE st.secret_name = ? AND st.stage IN ("
                + String.join(",", Collections.nCopies(stages.size(), "?")) + ")", rs -> staged.add(rs, 1),
                params.toArray()));
        return staged.open();
    }

    /**
     * The secret with its tags, the holders of the stages asked for and the owed finish, in one query: a row per
     * (tag, stage of a holder) pair; a secret has few of each.
     */
    @Override
    public Optional<RotationState> rotationState(String name, Set<String> stages) {
        if (stages.isEmpty()) {
            return SecretStore.super.rotationState(name, stages);
        }
        RotationStateRows rows = new RotationStateRows(name);
        jdbc.withConnection(c -> Jdbc.query(c, rotationStateQuery(stages), rows::add, rotationStateParams(name, stages)));
        return rows.state();
    }

    /**
     * On PostgreSQL the lock's UPDATE and the read under it go in one round trip: two statements, the second run
     * after the first (so it reads what the lock's previous holder committed), in one implicit transaction. When the
     * UPDATE takes nothing (no lock row yet, or held) the general path runs.
     */
    @Override
    public Optional<LockedRead> tryLockAndRead(String name, String owner, Instant now, Instant expiresAt,
                                               Set<String> stages) {
        if (dialect != Dialect.POSTGRESQL || stages.isEmpty()) {
            return SecretStore.super.tryLockAndRead(name, owner, now, expiresAt, stages);
        }
        RotationStateRows rows = new RotationStateRows(name);
        List<Object> params = new ArrayList<>(List.of(owner, expiresAt.toEpochMilli(), name, owner, now.toEpochMilli()));
        params.addAll(Arrays.asList(rotationStateParams(name, stages)));
        int taken = jdbc.withConnection(c -> Jdbc.updateThenQuery(c, TAKE_LOCK + ";\n" + rotationStateQuery(stages),
                rows::add, params.toArray()));
        if (taken == 1) {
            return Optional.of(new LockedRead(rows.state()));
        }
        if (!jdbc.withConnection(c -> insertLock(c, name, owner, expiresAt))) {
            return Optional.empty();
        }
        return Optional.of(new LockedRead(rotationState(name, stages)));
    }

    /** Takes or renews a rotation lock whose row exists: free, expired, or already the owner's. */
    static final String TAKE_LOCK = "UPDATE rotation_locks SET owner = ?, expires_at = ? "
            + "WHERE secret_name = ? AND (owner = ? OR expires_at < ?)";

    private static String rotationStateQuery(Set<String> stages) {
        return "SELECT " + S_SECRET_COLUMNS + ", s.finish_owed, s.finish_due_at, "
                + "t.tag_key, t.tag_value, " + VERSION_COLUMNS + ", st.stage, other.stage FROM secrets s "
                + "LEFT JOIN secret_tags t ON t.secret_name = s.name "
                + "LEFT JOIN secret_stages st ON st.secret_name = s.name AND st.stage IN ("
                + String.join(",", Collections.nCopies(stages.size(), "?")) + ") "
                + "LEFT JOIN secret_versions v ON v.secret_name = st.secret_name AND v.version_id = st.version_id "
                + "LEFT JOIN secret_stages other ON other.secret_name = v.secret_name "
                + "AND other.version_id = v.version_id WHERE s.name = ?";
    }

    private static Object[] rotationStateParams(String name, Set<String> stages) {
        List<Object> params = new ArrayList<>(stages);
        params.add(name);
        return params.toArray();
    }

    /** The rows of {@link #rotationStateQuery}, gathered into a {@link RotationState}. */
    private final class RotationStateRows {
        private final String name;
        private Secret secret;
        private OwedFinish owed;
        private final Map<String, Tag> tags = new java.util.TreeMap<>();
        private final StagedRows staged;

        RotationStateRows(String name) {
            this.name = name;
            this.staged = new StagedRows(name);
        }

        Void add(ResultSet rs) throws SQLException {
            if (secret == null) {
                secret = secret(rs, List.of());
                if (rs.getString(17) != null) {
                    owed = owed(name, rs, 17);
                }
            }
            if (rs.getString(19) != null) {
                tags.putIfAbsent(rs.getString(19), new Tag(rs.getString(19), rs.getString(20)));
            }
            return staged.add(rs, 21);
        }

        /** Call it after the query, outside its connection: it opens the versions. */
        Optional<RotationState> state() {
            if (secret == null) {
                return Optional.empty();
            }
            return Optional.of(new RotationState(secret.withTags(new ArrayList<>(tags.values())), staged.open(),
                    Optional.ofNullable(owed)));
        }
    }

    /**
     * The holders of some stages, gathered from rows of {@link #VERSION_COLUMNS} (from a given column) followed by
     * the stage asked for and one stage of its holder: a row per such pair, none for a stage nobody holds.
     */
    private final class StagedRows {
        private final String name;
        private final Map<String, String> holderByStage = new HashMap<>();
        private final Map<String, Set<String>> stagesById = new HashMap<>();
        private final Map<String, StoredVersion> byId = new HashMap<>();

        StagedRows(String name) {
            this.name = name;
        }

        /** Reads one row, the version's columns starting at {@code at}; a row without a version adds nothing. */
        Void add(ResultSet rs, int at) throws SQLException {
            String id = rs.getString(at);
            if (id != null) {
                holderByStage.put(rs.getString(at + 6), id);
                Set<String> held = stagesById.computeIfAbsent(id, k -> new HashSet<>());
                held.add(rs.getString(at + 7)); // the rows of a version share this set, complete once the query ends
                byId.computeIfAbsent(id, k -> storedVersionAt(rs, at, name, held));
            }
            return null;
        }

        /** By stage, each version opened once; call it after the query, outside its connection (as all opens). */
        Map<String, SecretVersion> open() {
            Map<String, SecretVersion> opened = new HashMap<>();
            byId.forEach((id, stored) -> opened.put(id, JdbcSecretStore.this.open(stored)));
            Map<String, SecretVersion> staged = new HashMap<>();
            holderByStage.forEach((stage, id) -> staged.put(stage, opened.get(id)));
            return staged;
        }
    }

    @Override
    public Optional<SecretAtStage> findAt(String name, String stage) {
        record Read(Secret secret, Optional<StoredVersion> version) {
        }
        return jdbc.withConnection(c -> {
            Optional<Secret> secret = findSecret(c, name);
            return secret.isEmpty() ? Optional.<Read>empty()
                    : Optional.of(new Read(secret.get(), storedVersionAt(c, name, stage)));
        }).map(read -> new SecretAtStage(read.secret(), read.version().map(this::open)));
    }

    /** The stage's holder, its row and all its stages in one query (every GetSecretValue): a row per stage. */
    private Optional<StoredVersion> storedVersionAt(Connection c, String name, String stage) throws SQLException {
        Set<String> stages = new HashSet<>();
        List<StoredVersion> held = Jdbc.query(c, "SELECT " + VERSION_COLUMNS + ", other.stage FROM secret_stages st "
                + "JOIN secret_versions v ON v.secret_name = st.secret_name AND v.version_id = st.version_id "
                + "JOIN secret_stages other ON other.secret_name = v.secret_name AND other.version_id = v.version_id "
                + "WHERE st.secret_name = ? AND st.stage = ?", rs -> {
                    stages.add(rs.getString(7)); // the rows share this set, complete once the query ends
                    return storedVersion(rs, name, stages);
                }, name, stage);
        return held.isEmpty() ? Optional.empty() : Optional.of(held.get(0));
    }

    @Override
    public void putVersion(String name, NewVersion version, Set<String> stages, List<RotationEvent> events) {
        putVersion(name, version, stages, events, null);
    }

    /**
     * On PostgreSQL a rotation's pending version (the stage ACSPending alone) goes in one pipelined transaction, the
     * lock's fence with it (see {@link RotationPipelines}); anything else, or a pending stage already held, takes the
     * general path.
     */
    @Override
    public void putVersion(String name, NewVersion version, Set<String> stages, List<RotationEvent> events,
                               LockFence fence) {
        boolean pipelined = dialect == Dialect.POSTGRESQL && stages.equals(Set.of(Stages.PENDING));
        String known = keyIds.get(name);
        if (pipelined && putPending(name, known != null ? known : freshKeyId(name), version, events, fence)) {
            return;
        }
        LockFence.confirm(this, name, fence);
        known = keyIds.get(name);
        if (known != null && putVersion(name, known, version, stages, events)) {
            return;
        }
        // Not under the cached key id (deleted and made again) or gone: read it afresh, once.
        if (!putVersion(name, freshKeyId(name), version, stages, events)) {
            throw RotatorException.notFound("secret '" + name + "'");
        }
    }

    /** The secret's key id read from its row, and cached for the writes that follow. */
    private String freshKeyId(String name) {
        String keyId = keyIdOf(name);
        keyIds.put(name, keyId);
        return keyId;
    }

    /** The general path: any stages, on every dialect. False (nothing written) when not sealed under {@code keyId}. */
    private boolean putVersion(String name, String keyId, NewVersion version, Set<String> stages,
                               List<RotationEvent> events) {
        EnvelopeCipher.Sealed sealed = seal(keyId, name, version);
        return jdbc.inTransaction(c -> {
            // The update time written and the secret's row locked, so its stage changes are serialised: one UPDATE.
            if (Jdbc.update(c, "UPDATE secrets SET updated_at = ? WHERE name = ? AND encryption_key_id = ?",
                    version.createTime().toEpochMilli(), name, keyId) == 0) {
                return false;
            }
            long total = insertVersion(c, name, version, sealed);
            // ACSCurrent last, so that a list naming both ACSCurrent and ACSPrevious ends as given.
            for (String stage : stages) {
                if (!stage.equals(Stages.CURRENT) && !addStageIfFree(c, name, stage, version.versionId())) {
                    moveStage(c, name, stage, version.versionId());
                }
            }
            if (stages.contains(Stages.CURRENT)) {
                moveStage(c, name, Stages.CURRENT, version.versionId());
            }
            evictOldest(c, name, total - MAX_VERSIONS);
            insertEvents(c, events);
            return true;
        });
    }

    /**
     * The pipelined pending version; false when a guard did not hold (nothing written: the secret gone or under
     * another key, ACSPending held, the lock lost), for the general path to sort out.
     */
    private boolean putPending(String name, String keyId, NewVersion version, List<RotationEvent> events,
                               LockFence fence) {
        RotationPipelines.Pipeline pipeline = RotationPipelines.pendingVersion(name, keyId, version,
                seal(keyId, name, version), events, fence);
        return jdbc.withConnection(c -> {
            try {
                return pipeline.send(c);
            } catch (SQLException e) {
                if (Jdbc.isDuplicateKey(e)) {
                    throw versionExists(name, version.versionId());
                }
                throw e;
            }
        });
    }

    @Override
    public void moveStage(String name, String stage, String toVersionId) {
        jdbc.inTransaction(c -> {
            lockSecret(c, name);
            requireVersion(c, name, toVersionId);
            moveStage(c, name, stage, toVersionId);
            evictOldVersions(c, name);
            return null;
        });
    }

    @Override
    public void removeStage(String name, String stage, String fromVersionId) {
        jdbc.inTransaction(c -> {
            lockSecret(c, name);
            int rows = Jdbc.update(c, "DELETE FROM secret_stages WHERE secret_name = ? AND stage = ? AND version_id = ?",
                    name, stage, fromVersionId);
            if (rows == 0) {
                throw RotatorException.invalid("RemoveFromVersion", "version '" + fromVersionId
                        + "' does not hold stage " + stage);
            }
            return null;
        });
    }

    @Override
    public void promote(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                        List<RotationEvent> events) {
        promote(name, pendingVersionId, rotatedAt, finishDueAt, events, null);
    }

    /**
     * The general path, once the fence (if any) is confirmed: reads the stage rows once and relabels them in place
     * (the pending row becomes ACSCurrent, the current row ACSPrevious), with its events.
     */
    private void promoteInGeneral(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                                  List<RotationEvent> events, LockFence fence) {
        LockFence.confirm(this, name, fence);
        jdbc.inTransaction(c -> {
            Map<String, String> holders = new HashMap<>();
            Secret locked = lockWithStages(c, name, holders);
            String current = holders.get(Stages.CURRENT);
            String pendingHolder = holders.get(Stages.PENDING);
            if (!pendingVersionId.equals(current)) {
                if (!pendingVersionId.equals(pendingHolder)) {
                    requireVersion(c, name, pendingVersionId);
                }
                if (current != null) {
                    makeCurrentPrevious(c, name, current, holders.get(Stages.PREVIOUS));
                }
                if (pendingVersionId.equals(pendingHolder)) {
                    relabel(c, name, Stages.PENDING, Stages.CURRENT);
                    pendingHolder = null;
                } else {
                    Jdbc.update(c, "INSERT INTO secret_stages (secret_name, stage, version_id) VALUES (?, ?, ?)", name,
                            Stages.CURRENT, pendingVersionId);
                }
            }
            if (pendingHolder != null) {
                Jdbc.update(c, "DELETE FROM secret_stages WHERE secret_name = ? AND stage = ?", name, Stages.PENDING);
            }
            recordPromotion(c, locked, pendingVersionId, rotatedAt, finishDueAt);
            insertEvents(c, events);
            return null;
        });
    }

    /**
     * On PostgreSQL the usual promote (the version holds ACSPending, some version ACSCurrent) is one pipelined
     * transaction, the lock's fence with it (see {@link RotationPipelines}); any other case takes the general path.
     */
    @Override
    public void promote(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                        List<RotationEvent> events, LockFence fence) {
        if (dialect != Dialect.POSTGRESQL || !sent(RotationPipelines.promote(name, pendingVersionId, rotatedAt,
                finishDueAt, events, fence))) {
            promoteInGeneral(name, pendingVersionId, rotatedAt, finishDueAt, events, fence);
        }
    }

    /** On PostgreSQL, like {@link #promote(String, String, Instant, Instant, List, LockFence)}: one transaction. */
    @Override
    public void promoteFinished(String name, String pendingVersionId, Instant rotatedAt, List<RotationEvent> events,
                                LockFence fence, String owner) {
        if (dialect != Dialect.POSTGRESQL || !sent(RotationPipelines.promote(name, pendingVersionId, rotatedAt,
                null, events, fence, owner))) {
            promoteInGeneral(name, pendingVersionId, rotatedAt, null, events, fence);
            finishedAndUnlock(name, pendingVersionId, owner, List.of());
        }
    }

    /** Sends a pipelined promote, one transaction: false (nothing written) when its guard found an unusual case. */
    private boolean sent(RotationPipelines.Pipeline pipeline) {
        return jdbc.withConnection(pipeline::send);
    }

    /** ACSPrevious leaves its holder for the current version, whose ACSCurrent row is then free to be taken. */
    private static void makeCurrentPrevious(Connection c, String name, String current, String previous)
            throws SQLException {
        if (current.equals(previous)) {
            Jdbc.update(c, "DELETE FROM secret_stages WHERE secret_name = ? AND stage = ?", name, Stages.CURRENT);
            return;
        }
        if (previous != null) {
            Jdbc.update(c, "DELETE FROM secret_stages WHERE secret_name = ? AND stage = ?", name, Stages.PREVIOUS);
        }
        relabel(c, name, Stages.CURRENT, Stages.PREVIOUS);
    }

    private static void relabel(Connection c, String name, String from, String to) throws SQLException {
        Jdbc.update(c, "UPDATE secret_stages SET stage = ? WHERE secret_name = ? AND stage = ?", to, name, from);
    }

    @Override
    public Optional<String> finishOwed(String name) {
        return jdbc.withConnection(c -> Jdbc.queryOne(c, "SELECT finish_owed FROM secrets WHERE name = ?",
                rs -> rs.getString(1), name));
    }

    @Override
    public Optional<OwedFinish> owedFinish(String name) {
        return jdbc.withConnection(c -> Jdbc.queryOne(c, "SELECT finish_owed, finish_due_at FROM secrets WHERE name = ?"
                + " AND finish_owed IS NOT NULL", rs -> owed(name, rs), name));
    }

    @Override
    public List<OwedFinish> deferredFinishes() {
        return jdbc.withConnection(c -> Jdbc.query(c, "SELECT name, finish_owed, finish_due_at FROM secrets "
                + "WHERE finish_owed IS NOT NULL AND finish_due_at IS NOT NULL", rs -> owed(rs.getString(1), rs, 2)));
    }

    private static OwedFinish owed(String name, ResultSet rs) throws SQLException {
        return owed(name, rs, 1);
    }

    /** An owed finish from the row's columns {@code first} (version id) and {@code first + 1} (due time). */
    private static OwedFinish owed(String name, ResultSet rs, int first) throws SQLException {
        Long due = Jdbc.nullableLong(rs, first + 1);
        return new OwedFinish(name, rs.getString(first), Optional.ofNullable(due).map(Instant::ofEpochMilli));
    }

    /**
     * On PostgreSQL one statement (data-modifying CTEs); elsewhere three statements on one connection, in
     * auto-commit like the single calls (each is idempotent, none needs the others).
     */
    @Override
    public void finishedAndUnlock(String name, String versionId, String owner, List<RotationEvent> events) {
        if (dialect != Dialect.POSTGRESQL) {
            jdbc.withConnection(c -> {
                insertEvents(c, events);
                Jdbc.update(c, FINISHED, name, versionId);
                return Jdbc.update(c, UNLOCK, name, owner);
            });
            return;
        }
        List<Object> params = new ArrayList<>(List.of(name, versionId));
        StringBuilder sql = new StringBuilder("WITH f AS (" + FINISHED + ")");
        if (!events.isEmpty()) {
            sql.append(", e AS (").append(eventsInsert(events.size())).append(")");
            events.forEach(e -> params.addAll(Arrays.asList(eventRow(e))));
        }
        sql.append(' ').append(UNLOCK);
        params.add(name);
        params.add(owner);
        jdbc.withConnection(c -> Jdbc.update(c, sql.toString(), params.toArray()));
    }

    private static final String FINISHED = "UPDATE secrets SET finish_owed = NULL, finish_due_at = NULL "
            + "WHERE name = ? AND finish_owed = ?";
    static final String UNLOCK = "UPDATE rotation_locks SET expires_at = 0 WHERE secret_name = ? AND owner = ?";

    @Override
    public void finished(String name, String versionId) {
        jdbc.withConnection(c -> Jdbc.update(c, FINISHED, name, versionId));
    }

    @Override
    public void replacePendingValue(String name, String versionId, SecretValue value) {
        EnvelopeCipher.Sealed sealed = cipher.seal(keyIdOf(name), name, versionId, value.bytes());
        jdbc.inTransaction(c -> {
            lockSecret(c, name);
            Set<String> stages = stagesByVersion(c, name).getOrDefault(versionId, Set.of());
            if (!stages.equals(Set.of(Stages.PENDING))) {
                throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "version '" + versionId + "' of secret '" + name
                        + "' is not a pending placeholder; its value cannot change");
            }
            Jdbc.update(c, "UPDATE secret_versions SET key_id = ?, wrapped_data_key = ?, ciphertext = ?, data_type = ? "
                            + "WHERE secret_name = ? AND version_id = ?", sealed.keyId(), sealed.wrappedDataKey(),
                    sealed.ciphertext(), value.dataType().wireName(), name, versionId);
            return null;
        });
    }

    // ---- locks and events ---------------------------------------------------------------------

    @Override
    public boolean tryLock(String name, String owner, Instant now, Instant expiresAt) {
        return jdbc.withConnection(c -> {
            int taken = Jdbc.update(c, TAKE_LOCK, owner, expiresAt.toEpochMilli(), name, owner, now.toEpochMilli());
            return taken == 1 || insertLock(c, name, owner, expiresAt);
        });
    }

    /** The lock of a secret that has no lock row yet; false when another worker made that row first (it holds it). */
    private static boolean insertLock(Connection c, String name, String owner, Instant expiresAt) throws SQLException {
        try {
            Jdbc.update(c, "INSERT INTO rotation_locks (secret_name, owner, expires_at) VALUES (?, ?, ?)", name, owner,
                    expiresAt.toEpochMilli());
            return true;
        } catch (SQLException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean takeLock(String name, String deadOwner, String owner, Instant expiresAt) {
        return jdbc.withConnection(c -> Jdbc.update(c, "UPDATE rotation_locks SET owner = ?, expires_at = ? "
                + "WHERE secret_name = ? AND owner = ?", owner, expiresAt.toEpochMilli(), name, deadOwner) == 1);
    }

    /**
     * Expires the lease rather than deleting its row: the next run takes the lock with tryLock's one UPDATE instead
     * of a failed UPDATE and an INSERT. The row goes with the secret.
     */
    @Override
    public void unlock(String name, String owner) {
        jdbc.withConnection(c -> Jdbc.update(c, UNLOCK, name, owner));
    }

    @Override
    public void append(RotationEvent e) {
        jdbc.withConnection(c -> {
            insertEvents(c, List.of(e));
            return null;
        });
    }

    /** Events in one batch (one round trip), in their order. */
    private static void insertEvents(Connection c, List<RotationEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Jdbc.batch(c, EVENT_INSERT + EVENT_VALUES, events.stream().map(JdbcSecretStore::eventRow).toList());
    }

    private static final String EVENT_INSERT = "INSERT INTO rotation_events (secret_name, token, step, outcome, "
            + "duration_ms, error_code, error_message, created_at) VALUES ";
    private static final String EVENT_VALUES = "(?,?,?,?,?,?,?,?)";

    /** One INSERT of {@code count} events, their parameters in {@link #eventRow} order, one event after another. */
    static String eventsInsert(int count) {
        return EVENT_INSERT + String.join(", ", Collections.nCopies(count, EVENT_VALUES));
    }

    static Object[] eventRow(RotationEvent e) {
        return new Object[] {e.secretName(), e.token(), e.step(), e.outcome(), e.durationMillis(), e.errorCode(),
                truncate(e.errorMessage(), 2048), e.at().toEpochMilli()};
    }

    @Override
    public List<RecordedEvent> latestEvents(String name, int limit) {
        return jdbc.withConnection(c -> Jdbc.query(c, EVENT_SELECT + "WHERE secret_name = ? ORDER BY id DESC LIMIT ?",
                JdbcSecretStore::recordedEvent, name, limit));
    }

    @Override
    public List<RecordedEvent> eventsAfter(String name, long afterId, int limit) {
        return jdbc.withConnection(c -> Jdbc.query(c, EVENT_SELECT + "WHERE secret_name = ? AND id > ? ORDER BY id "
                + "LIMIT ?", JdbcSecretStore::recordedEvent, name, afterId, limit));
    }

    private static RecordedEvent recordedEvent(ResultSet rs) throws SQLException {
        return new RecordedEvent(rs.getLong(1), new RotationEvent(rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9))));
    }

    @Override
    public void close() {
        // The Database owns the pool; whoever opened it closes it.
    }

    // ---- metadata only, for a store that keeps the versions elsewhere (KmsSecretStore) -----------

    /** Saves a secret's metadata and tags, without any version. Rejected.ResourceExist if the name is taken. */
    public void createWithoutVersion(Secret secret) {
        jdbc.inTransaction(c -> {
            insertSecret(c, secret);
            return null;
        });
    }

    /** A version was added elsewhere: the update time and the events that record it, in one transaction. */
    public void versionAdded(String name, Instant at, List<RotationEvent> events) {
        jdbc.inTransaction(c -> {
            requireRow(name, Jdbc.update(c, "UPDATE secrets SET updated_at = ? WHERE name = ?", at.toEpochMilli(), name));
            insertEvents(c, events);
            return null;
        });
    }

    /**
     * The metadata half of {@link #promote} once the stages were moved elsewhere: the policy as stored then gets
     * {@link RotationPolicy#afterSuccess}, the last error is cleared, the version owes its finish, with the events.
     */
    public void promoted(String name, String versionId, Instant rotatedAt, Instant finishDueAt,
                         List<RotationEvent> events) {
        jdbc.inTransaction(c -> {
            Secret locked = lockSecret(c, name);
            recordPromotion(c, locked, versionId, rotatedAt, finishDueAt);
            insertEvents(c, events);
            return null;
        });
    }

    // ---- internals --------------------------------------------------------------------------

    /** The secret's row and tags; Rejected.ResourceExist if the name is taken. */
    private void insertSecret(Connection c, Secret secret) throws SQLException {
        try {
            Jdbc.update(c, "INSERT INTO secrets (" + SECRET_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    secretRow(secret));
        } catch (SQLException e) {
            if (Jdbc.isDuplicateKey(e)) {
                throw new RotatorException(ErrorCode.RESOURCE_EXIST, "SecretName: secret '" + secret.name()
                        + "' already exists");
            }
            throw e;
        }
        insertTags(c, secret);
        if (dialect == Dialect.POSTGRESQL) {
            // A free lock row from the start, so that even the first rotation takes it with tryLockAndRead's UPDATE.
            Jdbc.update(c, "INSERT INTO rotation_locks (secret_name, owner, expires_at) VALUES (?, '', 0) "
                    + "ON CONFLICT DO NOTHING", secret.name());
        }
    }

    /** A promotion's row change: the policy gets {@link RotationPolicy#afterSuccess}, no last error, the finish owed. */
    private void recordPromotion(Connection c, Secret locked, String versionId, Instant rotatedAt,
                                 Instant finishDueAt) throws SQLException {
        String name = locked.name();
        requireRow(name, Jdbc.update(c, "UPDATE secrets SET " + ROTATION_SET + ", finish_owed=?, finish_due_at=? "
                + "WHERE name=?", rotationParams(locked.rotation().afterSuccess(rotatedAt), null, versionId,
                finishDueAt == null ? null : finishDueAt.toEpochMilli(), name)));
    }

    /**
     * {@link #lockSecret} that also reads who holds each stage into {@code holders}: one query on PostgreSQL and
     * MySQL (the secret's row locked, with its stage rows on MySQL), two on H2.
     */
    private Secret lockWithStages(Connection c, String name, Map<String, String> holders) throws SQLException {
        if (dialect == Dialect.H2) {
            Secret locked = lockSecret(c, name);
            Jdbc.query(c, "SELECT stage, version_id FROM secret_stages WHERE secret_name = ?",
                    rs -> holders.put(rs.getString(1), rs.getString(2)), name);
            return locked;
        }
        List<Secret> first = new ArrayList<>(1);
        Jdbc.query(c, "SELECT " + S_SECRET_COLUMNS + ", st.stage, st.version_id FROM secrets s LEFT JOIN secret_stages st "
                + "ON st.secret_name = s.name WHERE s.name = ? FOR UPDATE" + (dialect == Dialect.POSTGRESQL ? " OF s" : ""),
                rs -> {
                    if (first.isEmpty()) {
                        first.add(secret(rs, List.of()));
                    }
                    if (rs.getString(17) != null) {
                        holders.put(rs.getString(17), rs.getString(18));
                    }
                    return null;
                }, name);
        if (first.isEmpty()) {
            throw RotatorException.notFound("secret '" + name + "'");
        }
        return first.get(0);
    }

    /** Locks the secret's row for the rest of the transaction, so its stage changes are serialised. */
    private Secret lockSecret(Connection c, String name) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + SECRET_COLUMNS + " FROM secrets WHERE name = ? FOR UPDATE",
                        rs -> secret(rs, List.of()), name)
                .orElseThrow(() -> RotatorException.notFound("secret '" + name + "'"));
    }

    /** The secret and its tags in one query (every GetSecretValue reads one): a row per tag, or one with none. */
    private Optional<Secret> findSecret(Connection c, String name) throws SQLException {
        List<Tag> tags = new ArrayList<>();
        List<Secret> first = new ArrayList<>(1);
        Jdbc.query(c, "SELECT " + SECRET_COLUMNS + ", t.tag_key, t.tag_value FROM secrets s LEFT JOIN secret_tags t "
                + "ON t.secret_name = s.name WHERE s.name = ? ORDER BY t.tag_key", rs -> {
                    if (first.isEmpty()) {
                        first.add(secret(rs, List.of()));
                    }
                    if (rs.getString(17) != null) {
                        tags.add(new Tag(rs.getString(17), rs.getString(18)));
                    }
                    return null;
                }, name);
        return first.isEmpty() ? Optional.empty() : Optional.of(first.get(0).withTags(tags));
    }

    /*
     * Values are sealed before their transaction opens: the key ring reads its key on a pool connection of
     * its own, and taking a second connection while holding one can exhaust the pool under concurrent writes.
     * A secret's encryption key never changes, so reading it first is safe.
     */
    private String keyIdOf(String name) {
        return jdbc.withConnection(c -> Jdbc.queryOne(c, "SELECT encryption_key_id FROM secrets WHERE name = ?",
                rs -> rs.getString(1), name)).orElseThrow(() -> RotatorException.notFound("secret '" + name + "'"));
    }

    private EnvelopeCipher.Sealed seal(String keyId, String name, NewVersion v) {
        return cipher.seal(keyId, name, v.versionId(), v.value().bytes());
    }

    /** Inserts the version; returns how many versions the secret has now. */
    private long insertVersion(Connection c, String name, NewVersion v, EnvelopeCipher.Sealed sealed)
            throws SQLException {
        long[] seqAndClash = Jdbc.queryOne(c, "SELECT COALESCE(MAX(seq), 0) + 1, "
                        + "COUNT(CASE WHEN version_id = ? THEN 1 END), COUNT(*) FROM secret_versions "
                        + "WHERE secret_name = ?", rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                v.versionId(), name).orElse(new long[] {1, 0, 0});
        if (seqAndClash[1] > 0) {
            throw versionExists(name, v.versionId());
        }
        long seq = seqAndClash[0];
        Jdbc.update(c, "INSERT INTO secret_versions (secret_name, version_id, seq, data_type, key_id, wrapped_data_key, "
                        + "ciphertext, created_at) VALUES (?,?,?,?,?,?,?,?)", name, v.versionId(), seq,
                v.value().dataType().wireName(), sealed.keyId(), sealed.wrappedDataKey(), sealed.ciphertext(),
                v.createTime().toEpochMilli());
        return seqAndClash[2] + 1;
    }

    private static RotatorException versionExists(String name, String versionId) {
        return new RotatorException(ErrorCode.RESOURCE_EXIST, "VersionId: version '" + versionId
                + "' already exists in secret '" + name + "'");
    }

    /** A version as read, its value still sealed: it is opened once the connection is back in the pool. */
    private record StoredVersion(String name, String versionId, DataType type, EnvelopeCipher.Sealed sealed,
                                 Instant createTime, Set<String> stages) {
    }

    private static final String VERSION_COLUMNS = "v.version_id, v.data_type, v.key_id, v.wrapped_data_key, "
            + "v.ciphertext, v.created_at";

    private Optional<StoredVersion> readVersion(Connection c, String name, String versionId) throws SQLException {
        Set<String> stages = stagesOf(c, name, versionId);
        return Jdbc.queryOne(c, "SELECT " + VERSION_COLUMNS + " FROM secret_versions v WHERE v.secret_name = ? "
                + "AND v.version_id = ?", rs -> storedVersion(rs, name, stages), name, versionId);
    }

    private static Set<String> stagesOf(Connection c, String name, String versionId) throws SQLException {
        return new HashSet<>(Jdbc.query(c, "SELECT stage FROM secret_stages WHERE secret_name = ? AND version_id = ?",
                rs -> rs.getString(1), name, versionId));
    }

    private static StoredVersion storedVersion(ResultSet rs, String name, Set<String> stages) throws SQLException {
        return storedVersionAt(rs, 1, name, stages);
    }

    /** A version from {@link #VERSION_COLUMNS}, the first of them at column {@code at}. */
    private static StoredVersion storedVersionAt(ResultSet rs, int at, String name, Set<String> stages) {
        try {
            return new StoredVersion(name, rs.getString(at), DataType.fromWire(rs.getString(at + 1))
                    .orElse(DataType.TEXT), new EnvelopeCipher.Sealed(rs.getString(at + 2), rs.getBytes(at + 3),
                    rs.getBytes(at + 4)), Instant.ofEpochMilli(rs.getLong(at + 5)), stages);
        } catch (SQLException e) {
            throw Jdbc.storeFailure(e);
        }
    }

    /** Outside any connection: the key ring may take one of its own, and holding two per read can starve the pool. */
    private SecretVersion open(StoredVersion v) {
        byte[] plain = cipher.open(v.name(), v.versionId(), v.sealed());
        return new SecretVersion(v.name(), v.versionId(), SecretValue.of(plain, v.type()), v.createTime(), v.stages());
    }

    private void requireVersion(Connection c, String name, String versionId) throws SQLException {
        if (Jdbc.queryOne(c, "SELECT version_id FROM secret_versions WHERE secret_name = ? AND version_id = ?",
                rs -> 1, name, versionId).isEmpty()) {
            throw RotatorException.notFound("version '" + versionId + "' of secret '" + name + "'");
        }
    }

    private Optional<String> stageHolder(Connection c, String name, String stage) throws SQLException {
        return Jdbc.queryOne(c, "SELECT version_id FROM secret_stages WHERE secret_name = ? AND stage = ?",
                rs -> rs.getString(1), name, stage);
    }

    /** Puts a stage no version holds (a rotation's ACSPending) on a version in one statement; false if it is held. */
    private static boolean addStageIfFree(Connection c, String name, String stage, String versionId)
            throws SQLException {
        return Jdbc.update(c, "INSERT INTO secret_stages (secret_name, stage, version_id) SELECT name, ?, ? FROM secrets "
                + "WHERE name = ? AND NOT EXISTS (SELECT 1 FROM secret_stages WHERE secret_name = ? AND stage = ?)",
                stage, versionId, name, name, stage) == 1;
    }

    /** Moves a stage; moving ACSCurrent hands ACSPrevious to the version that held it. */
    private void moveStage(Connection c, String name, String stage, String toVersionId) throws SQLException {
        Optional<String> holder = stageHolder(c, name, stage);
        if (holder.isPresent() && holder.get().equals(toVersionId)) {
            return;
        }
        if (stage.equals(Stages.CURRENT) && holder.isPresent()) {
            moveStage(c, name, Stages.PREVIOUS, holder.get());
        }
        if (holder.isPresent()) {
            Jdbc.update(c, "DELETE FROM secret_stages WHERE secret_name = ? AND stage = ?", name, stage);
        }
        Jdbc.update(c, "INSERT INTO secret_stages (secret_name, stage, version_id) VALUES (?, ?, ?)", name, stage,
                toVersionId);
    }

    /** Keeps at most MAX_VERSIONS versions: the oldest without a stage goes first. */
    private void evictOldVersions(Connection c, String name) throws SQLException {
        long total = Jdbc.queryOne(c, "SELECT COUNT(*) FROM secret_versions WHERE secret_name = ?",
                rs -> rs.getLong(1), name).orElse(0L);
        evictOldest(c, name, total - MAX_VERSIONS);
    }

    /**
     * Deletes the {@code excess} oldest versions without a stage, in one statement (a rotation's putVersion knows
     * the count already). The inner LIMIT sits in a derived table, as MySQL wants for a subquery of its target.
     */
    private static void evictOldest(Connection c, String name, long excess) throws SQLException {
        if (excess <= 0) {
            return;
        }
        Jdbc.update(c, "DELETE FROM secret_versions WHERE secret_name = ? AND version_id IN (SELECT version_id FROM "
                + "(SELECT v.version_id FROM secret_versions v WHERE v.secret_name = ? AND NOT EXISTS (SELECT 1 FROM "
                + "secret_stages s WHERE s.secret_name = v.secret_name AND s.version_id = v.version_id) "
                + "ORDER BY v.seq LIMIT ?) oldest)", name, name, excess);
    }

    private Map<String, Set<String>> stagesByVersion(Connection c, String name) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        Jdbc.query(c, "SELECT version_id, stage FROM secret_stages WHERE secret_name = ?", rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
            return null;
        }, name);
        return out;
    }

    private void insertTags(Connection c, Secret secret) throws SQLException {
        for (Tag t : secret.tags()) {
            Jdbc.update(c, "INSERT INTO secret_tags (secret_name, tag_key, tag_value) VALUES (?, ?, ?)", secret.name(),
                    t.key(), t.value());
        }
    }

    private static Object[] secretRow(Secret s) {
        RotationPolicy p = s.rotation();
        RotationError e = s.lastError();
        return new Object[] {s.name(), s.type().wireName(), s.description(), s.encryptionKeyId(),
                s.extendedConfig().isEmpty() ? null : s.extendedConfig().toJson(), p.state().name(),
                seconds(p.interval()), millis(p.nextRotation()), millis(p.lastRotation()),
                e == null ? null : e.code(), e == null ? null : e.message(), e == null ? null : e.step(),
                e == null ? null : millis(e.at()), millis(s.plannedDeleteTime()), millis(s.createTime()),
                millis(s.updateTime())};
    }

    /** A secret from the first columns of a row, {@link #SECRET_COLUMNS} in their order (by position: it is faster). */
    private static Secret secret(ResultSet rs, List<Tag> tags) throws SQLException {
        Long interval = Jdbc.nullableLong(rs, 7);
        RotationPolicy policy = new RotationPolicy(AutomaticRotation.valueOf(rs.getString(6)),
                interval == null ? null : Duration.ofSeconds(interval), instant(rs, 8), instant(rs, 9));
        String errorCode = rs.getString(10);
        RotationError error = errorCode == null ? null : new RotationError(errorCode, rs.getString(11),
                rs.getString(12), instant(rs, 13));
        return new Secret(rs.getString(1), SecretType.fromWire(rs.getString(2)).orElseThrow(), rs.getString(3),
                rs.getString(4), tags, ExtendedConfig.parse(rs.getString(5)), policy, error, instant(rs, 14),
                instant(rs, 15), instant(rs, 16));
    }

    /** Adds their tags to a page of secrets, in one query. */
    private static List<Secret> withTags(Connection c, List<Secret> page) throws SQLException {
        if (page.isEmpty()) {
            return page;
        }
        Map<String, List<Tag>> tags = new HashMap<>();
        Jdbc.query(c, "SELECT secret_name, tag_key, tag_value FROM secret_tags WHERE secret_name IN ("
                + String.join(",", Collections.nCopies(page.size(), "?")) + ") ORDER BY secret_name, tag_key", rs -> {
                    tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Tag(rs.getString(2), rs.getString(3)));
                    return null;
                }, page.stream().map(Secret::name).toArray());
        return page.stream().map(s -> s.withTags(tags.getOrDefault(s.name(), List.of()))).toList();
    }

    private static int requireRow(String name, int rows) {
        if (rows == 0) {
            throw RotatorException.notFound("secret '" + name + "'");
        }
        return rows;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Long v = Jdbc.nullableLong(rs, column);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
