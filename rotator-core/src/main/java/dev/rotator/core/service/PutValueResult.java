package dev.rotator.core.service;

import java.util.List;

/** PutSecretValue's answer: the version and the labels it carries now, ACSCurrent and ACSPrevious first. */
public record PutValueResult(String secretName, String versionId, List<String> versionStages) {
    public PutValueResult {
        versionStages = List.copyOf(versionStages);
    }
}
