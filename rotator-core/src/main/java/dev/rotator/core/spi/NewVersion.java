package dev.rotator.core.spi;

import dev.rotator.core.SecretValue;

import java.time.Instant;
import java.util.Objects;

/** A version about to be written: its id, its plaintext value (the store encrypts it) and its creation time. */
public record NewVersion(String versionId, SecretValue value, Instant createTime) {
    public NewVersion {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(createTime, "createTime");
    }
}
