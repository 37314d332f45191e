package dev.rotator.core.service;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.validation.SecretRules;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The per-secret limit on stage labels, checked before a label is added so that a refusal changes nothing. */
final class StageLimits {
    private StageLimits() {
    }

    /**
     * Refuses with Rejected.LimitExceeded if putting {@code adding} on one version would leave the secret with more
     * than {@value SecretRules#MAX_VERSION_STAGES} distinct labels. Moving ACSCurrent away from a version gives that
     * version ACSPrevious, which counts too.
     */
    static void checkAfterAdding(List<VersionInfo> versions, Collection<String> adding) {
        Set<String> labels = new HashSet<>();
        versions.forEach(v -> labels.addAll(v.stages()));
        boolean currentHeld = labels.contains(Stages.CURRENT);
        labels.addAll(adding);
        if (adding.contains(Stages.CURRENT) && currentHeld) {
            labels.add(Stages.PREVIOUS);
        }
        if (labels.size() > SecretRules.MAX_VERSION_STAGES) {
            throw new RotatorException(ErrorCode.LIMIT_EXCEEDED, "VersionStages: a secret carries at most "
                    + SecretRules.MAX_VERSION_STAGES + " stage labels");
        }
    }
}
