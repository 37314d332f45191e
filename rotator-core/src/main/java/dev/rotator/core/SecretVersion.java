package dev.rotator.core;

import java.time.Instant;
import java.util.Set;

/** A version with its decrypted value. */
public record SecretVersion(String secretName, String versionId, SecretValue value, Instant createTime,
                            Set<String> stages) {
    public SecretVersion {
        stages = Set.copyOf(stages);
    }

    public boolean has(String stage) {
        return stages.contains(stage);
    }
}
