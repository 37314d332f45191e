package dev.rotator.core.validation;

import dev.rotator.core.DataType;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.SecretType;
import dev.rotator.core.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A CreateSecret request that passed every rule, parsed. {@code name} is the final name (the
 * generated {@code acs/ram/user/<UserName>} for RAMCredentials); {@code encryptionKeyId} is resolved
 * (the directory's default when none was named); {@code rotationInterval} is present iff rotation is enabled.
 */
public record ValidatedSecret(
        SecretType type,
        String name,
        String versionId,
        DataType dataType,
        ExtendedConfig extendedConfig,
        List<Tag> tags,
        Optional<Duration> rotationInterval,
        boolean rotationEnabled,
        String encryptionKeyId,
        String description) {

    public ValidatedSecret {
        tags = List.copyOf(tags);
    }
}
