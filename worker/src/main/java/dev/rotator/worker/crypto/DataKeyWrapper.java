package dev.rotator.worker.crypto;

import javax.crypto.AEADBadTagException;

/**
 * Wraps data keys under a named CMK. The local key ring implements it; an Alibaba KMS key
 * (GenerateDataKey/Decrypt with the AAD as encryption context) can replace it.
 */
public interface DataKeyWrapper {

    /** A fresh data key and its wrapped form; the caller wipes {@code plaintext} once it has sealed with it. */
    record NewDataKey(byte[] plaintext, byte[] wrapped) {
        @Override
        public String toString() {
            return "NewDataKey[" + wrapped.length + " bytes wrapped]";
        }
    }

    /**
     * A fresh 256-bit data key wrapped under CMK {@code keyId}, bound to {@code aad}: a random key and
     * {@link #wrap} by default; a KMS makes both in one call (GenerateDataKey).
     */
    default NewDataKey generate(String keyId, byte[] aad) {
        byte[] dataKey = Gcm.randomKey();
        try {
            return new NewDataKey(dataKey, wrap(keyId, dataKey, aad));
        } catch (RuntimeException | Error e) {
            Gcm.wipe(dataKey);
            throw e;
        }
    }

    /**
     * Wraps {@code dataKey} under CMK {@code keyId}, bound to {@code aad}.
     *
     * @throws dev.rotator.core.RotatorException KEY_NOT_FOUND for an unknown key, INVALID_PARAMETER for a key
     *         that cannot wrap (asymmetric, disabled)
     */
    byte[] wrap(String keyId, byte[] dataKey, byte[] aad);

    /**
     * Unwraps a data key wrapped by {@link #wrap} with the same key id and AAD.
     *
     * @throws AEADBadTagException when the wrapped key does not authenticate (other AAD, tampered bytes)
     * @throws dev.rotator.core.RotatorException for anything else (unknown key, wrong root key, KMS failure)
     */
    byte[] unwrap(String keyId, byte[] wrappedDataKey, byte[] aad) throws AEADBadTagException;
}
