package dev.rotator.core.validation;

import java.nio.charset.StandardCharsets;

/**
 * The CreateSecret parameters as they arrive, before any check. Strings are the wire values
 * ({@code null} when absent). {@code secretData} holds the value's bytes: UTF-8 of the text for
 * {@code text}, the decoded bytes for {@code binary}.
 */
public record NewSecretRequest(
        String secretName,
        String versionId,
        byte[] secretData,
        String secretDataType,
        String secretType,
        String extendedConfig,
        String tags,
        boolean enableAutomaticRotation,
        String rotationInterval,
        String encryptionKeyId,
        String description) {

    /** UTF-8 bytes of a text value, {@code null} stays {@code null}. */
    public static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Never prints the value. */
    @Override
    public String toString() {
        return "NewSecretRequest[secretName=" + secretName + ", secretType=" + secretType
                + ", versionId=" + versionId + ", secretData=******]";
    }
}
