package dev.rotator.worker.crypto;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Envelope encryption of stored values: each value gets a fresh 256-bit data key and is sealed
 * with AES-256-GCM; the data key is wrapped by a CMK through {@link DataKeyWrapper}. Both layers
 * bind their context as AAD (length-prefixed parts), so a ciphertext copied to another secret,
 * version or label, or one wrapped under another key id, does not open.
 *
 * <p>Secret values: AAD ("rotator-secret", name, versionId); data key AAD ("rotator-dk", keyId,
 * name, versionId). Other values (e.g. AccessKey secrets): ("rotator-value", label) and
 * ("rotator-dk-value", keyId, label).
 */
public final class EnvelopeCipher {

    /** A sealed value; both arrays start with their 12-byte IV. */
    public record Sealed(String keyId, byte[] wrappedDataKey, byte[] ciphertext) {
        public Sealed {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(wrappedDataKey, "wrappedDataKey");
            Objects.requireNonNull(ciphertext, "ciphertext");
        }

        @Override
        public String toString() {
            return "Sealed[keyId=" + keyId + ", wrappedDataKey=" + wrappedDataKey.length + " bytes, ciphertext="
                    + ciphertext.length + " bytes]";
        }
    }

    private final DataKeyWrapper wrapper;

    public EnvelopeCipher(DataKeyWrapper wrapper) {
        this.wrapper = wrapper;
    }

    public Sealed seal(String keyId, String secretName, String versionId, byte[] plaintext) {
        return seal(keyId, plaintext, Gcm.aad("rotator-secret", secretName, versionId),
                Gcm.aad("rotator-dk", keyId, secretName, versionId));
    }

    public byte[] open(String secretName, String versionId, Sealed sealed) {
        return open(sealed, Gcm.aad("rotator-secret", secretName, versionId),
                Gcm.aad("rotator-dk", sealed.keyId(), secretName, versionId),
                "value of secret '" + secretName + "' version '" + versionId + "' cannot be decrypted:"
                        + " it was not sealed for this secret and version, or its key is wrong");
    }

    /** Seals a value that is not a secret version, bound to {@code label} (e.g. "accesskey:&lt;id&gt;"). */
    public Sealed seal(String keyId, String label, byte[] plaintext) {
        return seal(keyId, plaintext, Gcm.aad("rotator-value", label), Gcm.aad("rotator-dk-value", keyId, label));
    }

    public byte[] open(String label, Sealed sealed) {
        return open(sealed, Gcm.aad("rotator-value", label), Gcm.aad("rotator-dk-value", sealed.keyId(), label),
                "value '" + label + "' cannot be decrypted: it was not sealed for this label, or its key is wrong");
    }

    private Sealed seal(String keyId, byte[] plaintext, byte[] valueAad, byte[] keyAad) {
        DataKeyWrapper.NewDataKey dataKey = wrapper.generate(keyId, keyAad);
        try {
            return new Sealed(keyId, dataKey.wrapped(), Gcm.seal(dataKey.plaintext(), plaintext, valueAad));
        } finally {
            Gcm.wipe(dataKey.plaintext());
        }
    }

    private byte[] open(Sealed sealed, byte[] valueAad, byte[] keyAad, String failure) {
        byte[] dataKey = null;
        try {
            dataKey = wrapper.unwrap(sealed.keyId(), sealed.wrappedDataKey(), keyAad);
            return Gcm.openData(dataKey, sealed.ciphertext(), valueAad);
        } catch (AEADBadTagException e) {
            throw new RotatorException(ErrorCode.DECRYPTION_FAILED, failure);
        } finally {
            Gcm.wipe(dataKey);
        }
    }
}
