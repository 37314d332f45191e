package dev.rotator.worker.crypto;

import javax.crypto.AEADBadTagException;

/**
 * Wraps data keys under a named CMK. The local key ring implements it; an Alibaba KMS key
 * (GenerateDataKey/Decrypt with the AAD as encryption context) can replace it.
 */
public interface DataKeyWrapper {

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
