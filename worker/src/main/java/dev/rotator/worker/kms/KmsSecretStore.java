package dev.rotator.worker.kms;

import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DeleteSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsResponseBody;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.UpdateSecretVersionStageRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.DataType;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link SecretStore} that keeps secret values, versions and stage labels in an Alibaba KMS instance, through
 * the official SDK ({@link RemoteKms}). Each secret is a Generic secret of the instance (the only type whose
 * versions a client may write): versions are written with PutSecretValue and their labels, labels moved with
 * UpdateSecretVersionStage. What the instance has no place for stays in the embedded database ({@code meta}, the
 * JDBC store's tables, no version rows): Rotator's metadata (secret type, ExtendedConfig with the target,
 * rotation policy, last error, tags, policies), rotation locks, events and the finish a promoted version owes.
 *
 * <p>The engine's ACSPending is written as the label {@value #PENDING_LABEL}: an instance may keep ACSPending for
 * its own rotations (Rotator's API refuses it from clients), and the translation keeps the engine's resume rules
 * as they are (the pending version's id is the token, a resumed
 * rotation finds it under ACSPending). The rotation's commit point is the instance's ACSCurrent: promote moves
 * it first, then takes the pending label off and records the rest in the embedded database; a crash in between
 * resumes as a rotation whose pending version is already current, which promote finishes without moving again.
 *
 * <p>The worker touches only the secrets its configuration names ({@code kmsInstance.secretNames}) or those
 * carrying the configured tag ({@code kmsInstance.secretTag}) that were created (or taken over) through it: the
 * others are never listed (listing reads the embedded database), read, rotated nor written. CreateSecret of such a
 * secret that the instance already has takes it over: its versions stay, the value given becomes ACSCurrent.
 */
public final class KmsSecretStore implements SecretStore {
    /** The instance's label for the engine's ACSPending. */
    public static final String PENDING_LABEL = "RotatorPending";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;

    private final RemoteKms kms;
    private final JdbcSecretStore meta;
    private final Set<String> names;
    private final String tagKey;
    private final String tagValue;

    public KmsSecretStore(RemoteKms kms, JdbcSecretStore meta, WorkerConfig.KmsInstance settings) {
        this.kms = kms;
        this.meta = meta;
        this.names = Set.copyOf(settings.names());
        String tag = settings.secretTag();
        this.tagKey = tag.isBlank() ? null : tag.substring(0, tag.indexOf('=')).trim();
        this.tagValue = tag.isBlank() ? null : tag.substring(tag.indexOf('=') + 1).trim();
    }

    // ---- secrets: in the instance (value) and the embedded database (metadata) ---------------------

    @Override
    public void create(Secret secret, NewVersion initialVersion) {
        String name = secret.name();
        if (tagKey == null && !names.contains(name)) {
            throw RotatorException.invalid("SecretName", "'" + name + "' is not in kmsInstance.secretNames, the "
                    + "secrets this worker keeps in the KMS instance at " + kms.url());
        }
        if (meta.find(name).isPresent()) {
            throw new RotatorException(ErrorCode.RESOURCE_EXIST, "SecretName: secret '" + name + "' already exists");
        }
        SecretValue value = initialVersion.value();
        try {
            kms.call("CreateSecret of secret '" + name + "'", c -> c.createSecret(new CreateSecretRequest()
                    .setSecretName(name).setSecretType("Generic").setVersionId(initialVersion.versionId())
                    .setSecretData(wire(value)).setSecretDataType(value.dataType().wireName())
                    .setDescription("managed by Rotator (" + secret.type().wireName() + ")")
                    .setTags(tagKey == null ? null : json(List.of(Map.of("TagKey", tagKey, "TagValue", tagValue))))
                    .setDKMSInstanceId(kms.instanceId().isBlank() ? null : kms.instanceId())));
        } catch (RotatorException e) {
            if (e.code() != ErrorCode.RESOURCE_EXIST) {
                throw e;
            }
            adopt(name, initialVersion);
            meta.createWithoutVersion(secret);
            return;
        }
        try {
            meta.createWithoutVersion(secret);
        } catch (RuntimeException e) {
            try {
                forceDelete(name); // nothing half-written: no secret in the instance without its metadata
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /**
     * A secret the instance already has, and that the configuration names (or that carries the tag): the worker
     * takes it over, keeping its versions, with the given value as its new ACSCurrent version. Any other one is
     * left alone: Rejected.ResourceExist, as before.
     */
    private void adopt(String name, NewVersion initialVersion) {
        var existing = kms.call("DescribeSecret of secret '" + name + "'", c -> c.describeSecret(
                new DescribeSecretRequest().setSecretName(name).setFetchTags("true"))).getBody();
        boolean tagged = tagKey != null && existing.getTags() != null && existing.getTags().getTag().stream()
                .anyMatch(t -> tagKey.equals(t.getTagKey()) && tagValue.equals(t.getTagValue()));
        if (tagKey != null && !tagged) {
            throw new RotatorException(ErrorCode.RESOURCE_EXIST, "SecretName: the KMS instance at " + kms.url()
                    + " already has a secret '" + name + "', without the tag " + tagKey + "=" + tagValue
                    + ": this worker leaves it alone");
        }
        if (!"Generic".equals(existing.getSecretType())) {
            throw new RotatorException(ErrorCode.RESOURCE_EXIST, "SecretName: the KMS instance at " + kms.url()
                    + " already has a secret '" + name + "' of type " + existing.getSecretType()
                    + "; only a Generic one can be taken over");
        }
        SecretValue value = initialVersion.value();
        kms.call("PutSecretValue of secret '" + name + "'", c -> c.putSecretValue(new PutSecretValueRequest()
                .setSecretName(name).setVersionId(initialVersion.versionId()).setSecretData(wire(value))
                .setSecretDataType(value.dataType().wireName()).setVersionStages(json(List.of(Stages.CURRENT)))));
    }

    @Override
    public Optional<Secret> find(String name) {
        return meta.find(name);
    }

    @Override
    public List<Secret> list(int offset, int limit) {
        return meta.list(offset, limit);
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
        forceDelete(name);
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
        forceDelete(name);
        meta.delete(name);
    }

    // ---- versions and stages: in the instance -----------------------------------------------------

    @Override
    public List<VersionInfo> versions(String name) {
        requireManaged(name);
        List<VersionInfo> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            int number = page;
            ListSecretVersionIdsResponseBody body = kms.call("ListSecretVersionIds of secret '" + name + "'",
                    c -> c.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name)
                            .setIncludeDeprecated("true").setPageNumber(number).setPageSize(PAGE))).getBody();
            var versions = body.getVersionIds() == null ? List.<ListSecretVersionIdsResponseBody
                    .ListSecretVersionIdsResponseBodyVersionIdsVersionId>of() : body.getVersionIds().getVersionId();
            for (var v : versions) {
                out.add(new VersionInfo(v.getVersionId(), time(v.getCreateTime()),
                        stages(v.getVersionStages() == null ? List.of() : v.getVersionStages().getVersionStage())));
            }
            if (versions.isEmpty() || body.getTotalCount() == null || out.size() >= body.getTotalCount()) {
                return out;
            }
        }
    }

    @Override
    public Optional<SecretVersion> version(String name, String versionId) {
        requireManaged(name);
        return read(name, "version '" + versionId + "'", new GetSecretValueRequest().setVersionId(versionId));
    }

    @Override
    public Optional<SecretVersion> versionAt(String name, String stage) {
        requireManaged(name);
        return read(name, "stage " + stage, new GetSecretValueRequest().setVersionStage(label(stage)));
    }

    @Override
    public Optional<SecretAtStage> findAt(String name, String stage) {
        return meta.find(name).map(secret -> new SecretAtStage(secret, versionAt(name, stage)));
    }

    /** Writes the version to the instance, then its events (and the update time) to the embedded database. */
    @Override
    public void putVersion(String name, NewVersion version, Set<String> stages, List<RotationEvent> events) {
        requireManaged(name);
        if (stages.isEmpty()) { // PutSecretValue without labels would make it ACSCurrent
            throw new IllegalArgumentException("a version kept in a KMS instance needs at least one stage");
        }
        SecretValue value = version.value();
        kms.call("PutSecretValue of secret '" + name + "'", c -> c.putSecretValue(new PutSecretValueRequest()
                .setSecretName(name).setVersionId(version.versionId()).setSecretData(wire(value))
                .setSecretDataType(value.dataType().wireName())
                .setVersionStages(json(stages.stream().map(KmsSecretStore::label).toList()))));
        meta.versionAdded(name, version.createTime(), events);
    }

    @Override
    public void moveStage(String name, String stage, String toVersionId) {
        requireManaged(name);
        updateStage(name, label(stage), null, toVersionId);
    }

    @Override
    public void removeStage(String name, String stage, String fromVersionId) {
        requireManaged(name);
        updateStage(name, label(stage), fromVersionId, null);
    }

    /**
     * The commit point is the instance's ACSCurrent (its former holder gets ACSPrevious there); then the pending
     * label comes off, and the embedded database records the policy, the finish owed and the events.
     */
    @Override
    public void promote(String name, String pendingVersionId, Instant rotatedAt, List<RotationEvent> events) {
        requireManaged(name);
        VersionInfo pending = versions(name).stream().filter(v -> v.versionId().equals(pendingVersionId))
                .findFirst().orElseThrow(() -> RotatorException.notFound("version '" + pendingVersionId
                        + "' of secret '" + name + "'"));
        if (!pending.has(Stages.CURRENT)) {
            updateStage(name, Stages.CURRENT, null, pendingVersionId);
        }
        if (pending.has(Stages.PENDING)) {
            updateStage(name, PENDING_LABEL, pendingVersionId, null);
        }
        meta.promoted(name, pendingVersionId, rotatedAt, events);
    }

    @Override
    public Optional<String> finishOwed(String name) {
        return meta.finishOwed(name);
    }

    @Override
    public void finished(String name, String versionId) {
        meta.finished(name, versionId);
    }

    /** A version of an instance's secret never changes: a target that mints the value (RAM) needs the JDBC store. */
    @Override
    public void replacePendingValue(String name, String versionId, SecretValue value) {
        throw new RotatorException(ErrorCode.ROTATION_FAILED, "secret '" + name + "' is kept in the KMS instance at "
                + kms.url() + ", whose versions cannot change: a rotator that mints the value (RAMCredentials) "
                + "needs the embedded store");
    }

    // ---- locks and events: in the embedded database -------------------------------------------------

    @Override
    public boolean tryLock(String name, String owner, Instant now, Instant expiresAt) {
        return meta.tryLock(name, owner, now, expiresAt);
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
     * Only secrets this worker manages reach the instance: listed by name, or (tag) created through this worker,
     * which the embedded database records.
     */
    private void requireManaged(String name) {
        boolean managed = tagKey == null ? names.contains(name) : meta.find(name).isPresent();
        if (!managed) {
            throw RotatorException.notFound("secret '" + name + "'");
        }
    }

    private Optional<SecretVersion> read(String name, String what, GetSecretValueRequest request) {
        GetSecretValueResponseBody body;
        try {
            body = kms.call("GetSecretValue of secret '" + name + "' (" + what + ")",
                    c -> c.getSecretValue(request.setSecretName(name))).getBody();
        } catch (RotatorException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        DataType type = DataType.fromWire(body.getSecretDataType()).orElse(DataType.TEXT);
        byte[] bytes = type == DataType.BINARY ? Base64.getDecoder().decode(body.getSecretData())
                : body.getSecretData().getBytes(StandardCharsets.UTF_8);
        return Optional.of(new SecretVersion(name, body.getVersionId(), SecretValue.of(bytes, type),
                time(body.getCreateTime()), stages(body.getVersionStages() == null ? List.of()
                : body.getVersionStages().getVersionStage())));
    }

    private void updateStage(String name, String label, String fromVersionId, String toVersionId) {
        kms.call("UpdateSecretVersionStage of secret '" + name + "' (" + label + ")",
                c -> c.updateSecretVersionStage(new UpdateSecretVersionStageRequest().setSecretName(name)
                        .setVersionStage(label).setRemoveFromVersion(fromVersionId).setMoveToVersion(toVersionId)));
    }

    /** Deletes the instance's secret without a recovery window; one already gone is fine. */
    private void forceDelete(String name) {
        try {
            kms.call("DeleteSecret of secret '" + name + "'", c -> c.deleteSecret(new DeleteSecretRequest()
                    .setSecretName(name).setForceDeleteWithoutRecovery("true")));
        } catch (RotatorException e) {
            if (e.code() != ErrorCode.RESOURCE_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** The instance's label for a stage of the store. */
    private static String label(String stage) {
        return Stages.PENDING.equals(stage) ? PENDING_LABEL : stage;
    }

    /** The store's stages for the instance's labels. */
    private static Set<String> stages(List<String> labels) {
        return labels.stream().map(l -> PENDING_LABEL.equals(l) ? Stages.PENDING : l)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String wire(SecretValue value) {
        return value.dataType() == DataType.BINARY ? Base64.getEncoder().encodeToString(value.bytes()) : value.text();
    }

    private static Instant time(String text) {
        return text == null ? Instant.EPOCH : Instant.parse(text);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "KmsSecretStore[" + kms + (tagKey == null ? ", names " + names : ", tag " + tagKey + "=" + tagValue)
                + "]";
    }
}
