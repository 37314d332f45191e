package dev.rotator.worker.keys;

import java.util.Map;

/**
 * GenerateDataKey's answer. {@code plaintext} is the data key in base64; {@code ciphertextBlob} is that
 * same base64 text encrypted, so Decrypt of the blob gives {@code plaintext} back.
 */
public record DataKey(String keyId, String keyVersionId, String plaintext, String ciphertextBlob) {

    @Override
    public String toString() {
        return "DataKey[keyId=" + keyId + ", keyVersionId=" + keyVersionId + ", plaintext=(redacted)]";
    }

    /** The GenerateDataKey body with the SDK's wire names, RequestId aside. */
    public Map<String, Object> toWire() {
        return Wire.of("CiphertextBlob", ciphertextBlob, "KeyId", keyId, "KeyVersionId", keyVersionId,
                "Plaintext", plaintext);
    }
}
