package dev.rotator.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A secret's metadata: everything but its versions. Immutable; the with-methods return copies.
 *
 * @param plannedDeleteTime set while the secret waits out its recovery window
 * @param lastError         the error of the last failed rotation, cleared by a success
 */
public record Secret(
        String name,
        SecretType type,
        String description,
        String encryptionKeyId,
        List<Tag> tags,
        ExtendedConfig extendedConfig,
        RotationPolicy rotation,
        RotationError lastError,
        Instant plannedDeleteTime,
        Instant createTime,
        Instant updateTime) {

    public Secret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        tags = tags == null ? List.of() : List.copyOf(tags);
        extendedConfig = extendedConfig == null ? ExtendedConfig.EMPTY : extendedConfig;
        rotation = rotation == null ? RotationPolicy.disabled() : rotation;
    }

    public Secret withRotation(RotationPolicy policy) {
        return new Secret(name, type, description, encryptionKeyId, tags, extendedConfig, policy, lastError,
                plannedDeleteTime, createTime, updateTime);
    }

    public Secret withLastError(RotationError error) {
        return new Secret(name, type, description, encryptionKeyId, tags, extendedConfig, rotation, error,
                plannedDeleteTime, createTime, updateTime);
    }

    public Secret withTags(List<Tag> newTags) {
        return new Secret(name, type, description, encryptionKeyId, newTags, extendedConfig, rotation, lastError,
                plannedDeleteTime, createTime, updateTime);
    }

    /** {@code null} takes the secret out of its recovery window. */
    public Secret withPlannedDeleteTime(Instant at) {
        return new Secret(name, type, description, encryptionKeyId, tags, extendedConfig, rotation, lastError,
                at, createTime, updateTime);
    }

    public boolean pendingDeletion() {
        return plannedDeleteTime != null;
    }
}
