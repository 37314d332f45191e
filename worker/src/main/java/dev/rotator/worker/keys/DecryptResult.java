package dev.rotator.worker.keys;

import java.util.Map;

/** Decrypt's answer: the key and version named by the ciphertext, and the plaintext as it was given to Encrypt. */
public record DecryptResult(String keyId, String keyVersionId, String plaintext) {

    @Override
    public String toString() {
        return "DecryptResult[keyId=" + keyId + ", keyVersionId=" + keyVersionId + ", plaintext=(redacted)]";
    }

    /** The Decrypt body with the SDK's wire names, RequestId aside. */
    public Map<String, Object> toWire() {
        return Wire.of("KeyId", keyId, "KeyVersionId", keyVersionId, "Plaintext", plaintext);
    }
}
