package dev.rotator.worker.kms;

import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DeleteSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsResponseBody.ListSecretVersionIdsResponseBodyVersionIdsVersionId;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.UpdateSecretVersionStageRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.DataType;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretValue;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.spi.NewVersion;

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
 * The instance's side of the KMS store: Generic secrets, their versions and labels, through the SDK. It speaks the
 * store's stages ({@link Stages#PENDING} is written as {@value #PENDING_LABEL}) and values (binary ones travel in
 * base64, as SecretDataType binary). It decides nothing about which secrets may be touched: its caller does.
 */
final class InstanceSecrets {
    /** The instance's label for the engine's ACSPending. */
    static final String PENDING_LABEL = "RotatorPending";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;

    private final RemoteKms kms;
    /** The tag this worker puts on the secrets it creates, and looks for on those it takes over; null: none. */
    private final String tagKey;
    private final String tagValue;

    InstanceSecrets(RemoteKms kms, String tagKey, String tagValue) {
        this.kms = kms;
        this.tagKey = tagKey;
        this.tagValue = tagValue;
    }

    String url() {
        return kms.url();
    }

    /** CreateSecret of a Generic secret whose first version is ACSCurrent. Rejected.ResourceExist if it exists. */
    void create(String name, String rotatorType, NewVersion first) {
        SecretValue value = first.value();
        kms.call("CreateSecret of secret '" + name + "'", c -> c.createSecret(new CreateSecretRequest()
                .setSecretName(name).setSecretType("Generic").setVersionId(first.versionId())
                .setSecretData(wire(value)).setSecretDataType(value.dataType().wireName())
                .setDescription("managed by Rotator (" + rotatorType + ")")
                .setTags(tagKey == null ? null : json(List.of(Map.of("TagKey", tagKey, "TagValue", tagValue))))
                .setDKMSInstanceId(kms.instanceId().isBlank() ? null : kms.instanceId())));
    }

    /**
     * Takes over a secret the instance already has: only a Generic one, and with a tag configured only one that
     * carries it (Rejected.ResourceExist otherwise, nothing written); its versions stay, {@code first} becomes
     * ACSCurrent.
     */
    void adopt(String name, NewVersion first) {
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
        put(name, first, Set.of(Stages.CURRENT));
    }

    /** Versions oldest first, with their stages. */
    List<VersionInfo> versions(String name) {
        List<VersionInfo> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            int number = page;
            ListSecretVersionIdsResponseBody body = kms.call("ListSecretVersionIds of secret '" + name + "'",
                    c -> c.listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName(name)
                            .setIncludeDeprecated("true").setPageNumber(number).setPageSize(PAGE))).getBody();
            List<ListSecretVersionIdsResponseBodyVersionIdsVersionId> versions = body.getVersionIds() == null
                    ? List.of() : body.getVersionIds().getVersionId();
            for (var v : versions) {
                out.add(new VersionInfo(v.getVersionId(), time(v.getCreateTime()),
                        stages(v.getVersionStages() == null ? List.of() : v.getVersionStages().getVersionStage())));
            }
            if (versions.isEmpty() || body.getTotalCount() == null || out.size() >= body.getTotalCount()) {
                return out;
            }
        }
    }

    Optional<SecretVersion> version(String name, String versionId) {
        return read(name, "version '" + versionId + "'", new GetSecretValueRequest().setVersionId(versionId));
    }

    Optional<SecretVersion> versionAt(String name, String stage) {
        return read(name, "stage " + stage, new GetSecretValueRequest().setVersionStage(label(stage)));
    }

    /** PutSecretValue with the stages as labels; without any the instance would make it ACSCurrent. */
    void put(String name, NewVersion version, Set<String> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a version kept in a KMS instance needs at least one stage");
        }
        SecretValue value = version.value();
        kms.call("PutSecretValue of secret '" + name + "'", c -> c.putSecretValue(new PutSecretValueRequest()
                .setSecretName(name).setVersionId(version.versionId()).setSecretData(wire(value))
                .setSecretDataType(value.dataType().wireName())
                .setVersionStages(json(stages.stream().map(InstanceSecrets::label).toList()))));
    }

    /**
     * UpdateSecretVersionStage: moves the stage to {@code toVersionId} (its former holder of ACSCurrent gets
     * ACSPrevious there), or removes it from {@code fromVersionId} when {@code toVersionId} is null.
     */
    void updateStage(String name, String stage, String fromVersionId, String toVersionId) {
        String label = label(stage);
        kms.call("UpdateSecretVersionStage of secret '" + name + "' (" + label + ")",
                c -> c.updateSecretVersionStage(new UpdateSecretVersionStageRequest().setSecretName(name)
                        .setVersionStage(label).setRemoveFromVersion(fromVersionId).setMoveToVersion(toVersionId)));
    }

    /** Deletes the secret without a recovery window; one already gone is fine. */
    void forceDelete(String name) {
        try {
            kms.call("DeleteSecret of secret '" + name + "'", c -> c.deleteSecret(new DeleteSecretRequest()
                    .setSecretName(name).setForceDeleteWithoutRecovery("true")));
        } catch (RotatorException e) {
            if (e.code() != ErrorCode.RESOURCE_NOT_FOUND) {
                throw e;
            }
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

    private static String label(String stage) {
        return Stages.PENDING.equals(stage) ? PENDING_LABEL : stage;
    }

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
        return kms + (tagKey == null ? "" : ", tag " + tagKey + "=" + tagValue);
    }
}
