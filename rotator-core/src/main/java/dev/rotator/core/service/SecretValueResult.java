package dev.rotator.core.service;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;

import java.time.Instant;
import java.util.List;

/**
 * GetSecretValue's answer (the Arn and RequestId are the wire layer's).
 *
 * @param createTime     the version's creation time
 * @param versionStages  the version's labels, ACSCurrent and ACSPrevious first
 * @param rotation       the rotation fields (AutomaticRotation, RotationInterval, Last/NextRotationDate);
 *                       {@code null} for Generic secrets, which have none
 * @param extendedConfig {@code null} unless FetchExtendedConfig was true and the secret is of a managed type
 */
public record SecretValueResult(String secretName, SecretType secretType, String versionId, Instant createTime,
                                SecretValue secretData, List<String> versionStages, RotationPolicy rotation,
                                ExtendedConfig extendedConfig) {
    public SecretValueResult {
        versionStages = List.copyOf(versionStages);
    }

    /** "text" or "binary". */
    public String secretDataType() {
        return secretData.dataType().wireName();
    }
}
