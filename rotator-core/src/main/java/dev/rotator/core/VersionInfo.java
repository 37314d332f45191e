package dev.rotator.core;

import java.time.Instant;
import java.util.Set;

/** A version without its value: what listings show. */
public record VersionInfo(String versionId, Instant createTime, Set<String> stages) {
    public VersionInfo {
        stages = Set.copyOf(stages);
    }

    public boolean has(String stage) {
        return stages.contains(stage);
    }
}
