package dev.rotator.worker.kms;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotationError;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretFilter;
import dev.rotator.core.SecretValue;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RecordedEvent;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.store.JdbcSecretStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link SecretStore} that keeps secret values, versions and stage labels in an Alibaba KMS instance, through
 * the official SDK ({@link RemoteKms}). Each secret is a Generic secret of the instance (the only type whose
 * versions a client may write): versions are written with PutSecretValue and their labels, labels moved with
 * UpdateSecretVersionStage. What the instance has no place for stays in the embedded database ({@code meta}, the
 * JDBC store's tables, no version rows): Rotator's metadata (secret type, ExtendedConfig with the target,
 * rotation policy, last error, tags, policies), rotation locks, events and the finish a promoted version owes.
 *
 * <p>The engine's ACSPending is written as the label {@value #PENDING_LABEL}: an instance may keep ACSPending for
 * its own rotations (Rotator's API refuses it from clients), and the translation ({@link InstanceSecrets}) keeps
 * the engine's resume rules as they are (the pending version's id is the token, a resumed rotation finds it under
 * ACSPending). The rotation's commit point is the instance's ACSCurrent: promote moves it first, then takes the pending label off and records the rest in the embedded database; a crash in between
 * resumes as a rotation whose pending version is already current, which promote finishes without moving again.
 *
 * <p>The worker touches only the secrets its configuration names ({@code kmsInstance.secretNames}) or those
 * carrying the configured tag ({@code kmsInstance.secretTag}) that were created (or taken over) through it: the
 * others are never listed (listing reads the embedded database), read, rotated nor written. CreateSecret of such a
 * secret that the instance already has takes it over: its versions stay, the value given becomes ACSCurrent.
 */
public final class KmsSecretStore implements SecretStore {
    /** The instance's label for the engine's ACSPending. */
    public static final String PENDING_LABEL = InstanceSecrets.PENDING_LABEL;

    private final InstanceSecrets instance;
    private final JdbcSecretStore meta;
    /** The names the configuration lists; empty when it gives a tag instead. */
    private final Set<String> names;
    private final boolean byTag;

    public KmsSecretStore(RemoteKms kms, JdbcSecretStore meta, WorkerConfig.KmsInstance settings) {
        String tag = settings.secretTag();
        this.byTag = !tag.isBlank();
        this.instance = new InstanceSecrets(kms, byTag ? tag.substring(0, tag.indexOf('=')).trim() : null,
                byTag ? tag.substring(tag.indexOf('=') + 1).trim() : null);
        this.meta = meta;
        this.names = Set.copyOf(settings.names());
    }

    // ---- secrets: in the instance (value) and the embedded database (metadata) ---------------------

    @Override
    public void create(Secret secret, NewVersion initialVersion) {
        String name = secret.name();
        if (!byTag && !names.contains(name)) {
            throw RotatorException.invalid("SecretName", "'" + name + "' is not in kmsInstance.secretNames, the "
                    + "secrets this worker keeps in the KMS instance at " + instance.url());
        }
        if (meta.find(name).isPresent()) {
            throw new RotatorException(ErrorCode.RESOURCE_EXIST, "SecretName: secret '" + name + "' already exists");
        }
        try {
            instance.create(name, secret.type().wireName(), initialVersion);
        } catch (RotatorException e) {
            if (e.code() != ErrorCode.RESOURCE_EXIST) {
                throw e;
            }
            instance.adopt(name, initialVersion);
            meta.createWithoutVersion(secret);
            return;
        }
        try {
            meta.createWithoutVersion(secret);
        } catch (RuntimeException e) {
            try {
                instance.forceDelete(name); // nothing half-written: no secret in the instance without its metadata
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    @Override
    public Optional<Secret> find(String name) {
        return meta.find(name);
    }

    @Override
    public List<Secret> list(String afterName, int limit) {
        return meta.list(afterName, limit);
    }

    @Override
    public long count() {
        return meta.count();
    }

    @Override
    public List<Secret> search(SecretFilter filter, int offset, int limit) {
        return meta.search(filter, offset, limit);
    }

    @Override
    public long count(SecretFilter filter) {
        return meta.count(filter);
    }

    @Override
    public Map<AutomaticRotation, Long> countByAutomaticRotation() {
        return meta.countByAutomaticRotation();
    }

    @Override
    public void update(Secret secret) {
        meta.update(secret);
    }

    @Override
    public void updateDetails(String name, String description, ExtendedConfig extendedConfig, Instant updateTime) {
        meta.updateDetails(name, description, extendedConfig, updateTime);
    }

    @Override
    public void setPlannedDeleteTime(String name, Instant at) {
        meta.setPlannedDeleteTime(name, at);
    }

    @Override
    public List<String> dueForPurge(Instant now, int limit) {
        return meta.dueForPurge(now, limit);
    }

    @Override
    public boolean purgeIfDue(String name, Instant now) {
        boolean due = meta.find(name).map(Secret::plannedDeleteTime).map(at -> !at.isAfter(now)).orElse(false);
        if (!due) {
            return false;
        }
        instance.forceDelete(name);
        return meta.purgeIfDue(name, now);
    }

    @Override
    public Optional<String> policy(String name, String policyName) {
        return meta.policy(name, policyName);
    }

    @Override
    public void setPolicy(String name, String policyName, String document, Instant updateTime) {
        meta.setPolicy(name, policyName, document, updateTime);
    }

    @Override
    public Optional<RotationLock> rotationLock(String name, Instant now) {
        return meta.rotationLock(name, now);
    }

    @Override
    public void recordRotation(String name, RotationPolicy policy, RotationError lastError) {
        meta.recordRotation(name, policy, lastError);
    }

    @Override
    public void recordFailure(String name, RotationError error) {
        meta.recordFailure(name, error);
    }

    @Override
    public boolean postponeRotation(String name, Instant due, Instant until) {
        return meta.postponeRotation(name, due, until);
    }

    /** Deletes the instance's secret at once (the recovery window, if any, was the worker's own) and then ours. */
    @Override
    public void delete(String name) {
        requireManaged(name);
        instance.forceDelete(name);
        meta.delete(name);
    }

    // ---- versions and stages: in the instance -----------------------------------------------------

    @Override
    public List<VersionInfo> versions(String name) {
        requireManaged(name);
        return instance.versions(name);
    }

    @Override
    public Optional<SecretVersion> version(String name, String versionId) {
        requireManaged(name);
        return instance.version(name, versionId);
    }

    @Override
    public Optional<SecretVersion> versionAt(String name, String stage) {
        requireManaged(name);
        return instance.versionAt(name, stage);
    }

    @Override
    public Optional<SecretAtStage> findAt(String name, String stage) {
        return meta.find(name).map(secret -> new SecretAtStage(secret, versionAt(name, stage)));
    }

    /** Writes the version to the instance, then its events (and the update time) to the embedded database. */
    @Override
    public void putVersion(String name, NewVersion version, Set<String> stages, List<RotationEvent> events) {
        requireManaged(name);
        instance.put(name, version, stages);
        meta.versionAdded(name, version.createTime(), events);
    }

    @Override
    public void moveStage(String name, String stage, String toVersionId) {
        requireManaged(name);
        instance.updateStage(name, stage, null, toVersionId);
    }

    @Override
    public void removeStage(String name, String stage, String fromVersionId) {
        requireManaged(name);
        instance.updateStage(name, stage, fromVersionId, null);
    }

    /**
     * The commit point is the instance's ACSCurrent (its former holder gets ACSPrevious there); then the pending
     * label comes off, and the embedded database records the policy, the finish owed and the events.
     */
    @Override
    public void promote(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                        List<RotationEvent> events) {
        requireManaged(name);
        VersionInfo pending = instance.versions(name).stream().filter(v -> v.versionId().equals(pendingVersionId))
                .findFirst().orElseThrow(() -> RotatorException.notFound("version '" + pendingVersionId
                        + "' of secret '" + name + "'"));
        if (!pending.has(Stages.CURRENT)) {
            instance.updateStage(name, Stages.CURRENT, null, pendingVersionId);
        }
        if (pending.has(Stages.PENDING)) {
            instance.updateStage(name, Stages.PENDING, pendingVersionId, null);
        }
        meta.promoted(name, pendingVersionId, rotatedAt, finishDueAt, events);
    }

    @Override
    public Optional<String> finishOwed(String name) {
        return meta.finishOwed(name);
    }

    @Override
    public Optional<OwedFinish> owedFinish(String name) {
        return meta.owedFinish(name);
    }

    @Override
    public List<OwedFinish> deferredFinishes() {
        return meta.deferredFinishes();
    }

    @Override
    public void finished(String name, String versionId) {
        meta.finished(name, versionId);
    }

    /** A version of an instance's secret never changes: a target that mints the value (RAM) needs the JDBC store. */
    @Override
    public void replacePendingValue(String name, String versionId, SecretValue value) {
        throw new RotatorException(ErrorCode.ROTATION_FAILED, "secret '" + name + "' is kept in the KMS instance at "
                + instance.url() + ", whose versions cannot change: a rotator that mints the value (RAMCredentials) "
                + "needs the embedded store");
    }

    // ---- locks and events: in the embedded database -------------------------------------------------

    @Override
    public boolean tryLock(String name, String owner, Instant now, Instant expiresAt) {
        return meta.tryLock(name, owner, now, expiresAt);
    }

    @Override
    public boolean takeLock(String name, String deadOwner, String owner, Instant expiresAt) {
        return meta.takeLock(name, deadOwner, owner, expiresAt);
    }

    @Override
    public void unlock(String name, String owner) {
        meta.unlock(name, owner);
    }

    @Override
    public void append(RotationEvent event) {
        meta.append(event);
    }

    @Override
    public List<RecordedEvent> latestEvents(String name, int limit) {
        return meta.latestEvents(name, limit);
    }

    @Override
    public List<RecordedEvent> eventsAfter(String name, long afterId, int limit) {
        return meta.eventsAfter(name, afterId, limit);
    }

    @Override
    public void close() {
        meta.close();
    }

    // ---- internals --------------------------------------------------------------------------------

    /**
     * Only secrets this worker manages reach the instance: listed by name, or (tag) created or taken over through
     * this worker, which the embedded database records.
     */
    private void requireManaged(String name) {
        boolean managed = byTag ? meta.find(name).isPresent() : names.contains(name);
        if (!managed) {
            throw RotatorException.notFound("secret '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return "KmsSecretStore[" + instance + (byTag ? "" : ", names " + names) + "]";
    }
}
