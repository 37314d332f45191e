package dev.rotator.worker.keys;

import java.util.Map;

/** Encrypt's answer: the key and version that sealed, and the self-describing base64 ciphertext. */
public record EncryptResult(String keyId, String keyVersionId, String ciphertextBlob) {

    /** The Encrypt body with the SDK's wire names, RequestId aside. */
    public Map<String, Object> toWire() {
        return Wire.of("CiphertextBlob", ciphertextBlob, "KeyId", keyId, "KeyVersionId", keyVersionId);
    }
}
