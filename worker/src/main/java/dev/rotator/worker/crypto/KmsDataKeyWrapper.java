package dev.rotator.worker.crypto;

import com.aliyun.kms20160120.models.DecryptRequest;
import com.aliyun.kms20160120.models.DescribeKeyRequest;
import com.aliyun.kms20160120.models.DescribeKeyResponseBody.DescribeKeyResponseBodyKeyMetadata;
import com.aliyun.kms20160120.models.EncryptRequest;
import com.aliyun.kms20160120.models.GenerateDataKeyRequest;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.kms.RemoteKms;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Data keys made and wrapped by a key of an Alibaba KMS instance: GenerateDataKey makes each one, Decrypt
 * unwraps it, both with the AAD as encryption context, so the instance refuses a wrapped key moved to another
 * secret or version. The stored form is {@value #PREFIX} and the instance's CiphertextBlob; values sealed
 * before (by the local key ring, no prefix) are still unwrapped by the ring, so switching needs no migration.
 * Nothing is cached: while the instance is down, values can neither be written nor read, and the
 * {@link RotatorException} says so, naming its endpoint.
 */
public final class KmsDataKeyWrapper implements DataKeyWrapper {
    static final String PREFIX = "kms:";
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final String CONTEXT_KEY = "rotator-aad";
    private static final int DATA_KEY_BYTES = 32;

    private final RemoteKms kms;
    private final String kmsKeyId;
    private final DataKeyWrapper earlier;

    /**
     * @param kmsKeyId the instance's key that wraps every new data key (the secret's own EncryptionKeyId, a key
     *                 of this worker, stays part of the AAD)
     * @param earlier  the wrapper of values sealed before the switch (the local key ring)
     */
    public KmsDataKeyWrapper(RemoteKms kms, String kmsKeyId, DataKeyWrapper earlier) {
        this.kms = kms;
        this.kmsKeyId = kmsKeyId;
        this.earlier = earlier;
    }

    /**
     * Checks at start-up that the key exists in the instance, is enabled and encrypts; otherwise an
     * IllegalArgumentException naming kmsInstance.dataKeyId, the key and the instance.
     */
    public KmsDataKeyWrapper verify() {
        DescribeKeyResponseBodyKeyMetadata key;
        try {
            key = kms.call("DescribeKey of key '" + kmsKeyId + "'", c -> c.describeKey(new DescribeKeyRequest()
                    .setKeyId(kmsKeyId)).getBody().getKeyMetadata());
        } catch (RotatorException e) {
            throw new IllegalArgumentException("configuration: kmsInstance.dataKeyId: "
                    + (e.code() == ErrorCode.KEY_NOT_FOUND ? "key '" + kmsKeyId + "' does not exist in the KMS "
                    + "instance at " + kms.url() : "cannot check key '" + kmsKeyId + "': " + e.getMessage()));
        }
        if (!"Enabled".equals(key.getKeyState()) || !"ENCRYPT/DECRYPT".equals(key.getKeyUsage())) {
            throw new IllegalArgumentException("configuration: kmsInstance.dataKeyId: key '" + kmsKeyId
                    + "' of the KMS instance at " + kms.url() + " is " + key.getKeyState() + " with usage "
                    + key.getKeyUsage() + "; data keys need an Enabled ENCRYPT/DECRYPT key");
        }
        return this;
    }

    @Override
    public NewDataKey generate(String keyId, byte[] aad) {
        var body = kms.call("GenerateDataKey with key '" + kmsKeyId + "'", c -> c.generateDataKey(
                new GenerateDataKeyRequest().setKeyId(kmsKeyId).setNumberOfBytes(DATA_KEY_BYTES)
                        .setEncryptionContext(context(aad)))).getBody();
        byte[] dataKey = Base64.getDecoder().decode(body.getPlaintext());
        if (dataKey.length != DATA_KEY_BYTES) {
            Gcm.wipe(dataKey);
            throw new RotatorException(ErrorCode.SERVICE_UNAVAILABLE, "the KMS instance at " + kms.url()
                    + " answered GenerateDataKey with a data key of " + dataKey.length + " bytes, not "
                    + DATA_KEY_BYTES);
        }
        return new NewDataKey(dataKey, stored(body.getCiphertextBlob()));
    }

    @Override
    public byte[] wrap(String keyId, byte[] dataKey, byte[] aad) {
        String blob = kms.call("Encrypt with key '" + kmsKeyId + "'", c -> c.encrypt(new EncryptRequest()
                .setKeyId(kmsKeyId).setPlaintext(Base64.getEncoder().encodeToString(dataKey))
                .setEncryptionContext(context(aad)))).getBody().getCiphertextBlob();
        return stored(blob);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedDataKey, byte[] aad) throws AEADBadTagException {
        String blob = blob(wrappedDataKey);
        if (blob == null) {
            return earlier.unwrap(keyId, wrappedDataKey, aad);
        }
        String plaintext;
        try {
            plaintext = kms.call("Decrypt of a data key", c -> c.decrypt(new DecryptRequest().setCiphertextBlob(blob)
                    .setEncryptionContext(context(aad)))).getBody().getPlaintext();
        } catch (RotatorException e) {
            if (e.code() == ErrorCode.INVALID_CIPHERTEXT) { // another AAD, or an altered blob
                throw new AEADBadTagException("the KMS instance refused the wrapped data key");
            }
            throw e;
        }
        return Base64.getDecoder().decode(plaintext);
    }

    private static Map<String, String> context(byte[] aad) {
        return Map.of(CONTEXT_KEY, Base64.getEncoder().encodeToString(aad));
    }

    private static byte[] stored(String ciphertextBlob) {
        byte[] blob = ciphertextBlob.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(PREFIX_BYTES, PREFIX_BYTES.length + blob.length);
        System.arraycopy(blob, 0, out, PREFIX_BYTES.length, blob.length);
        return out;
    }

    /** The CiphertextBlob of a data key this wrapper stored, or null for one the local ring wrapped. */
    static String blob(byte[] wrapped) {
        if (wrapped.length <= PREFIX_BYTES.length
                || !Arrays.equals(wrapped, 0, PREFIX_BYTES.length, PREFIX_BYTES, 0, PREFIX_BYTES.length)) {
            return null;
        }
        String rest = new String(wrapped, PREFIX_BYTES.length, wrapped.length - PREFIX_BYTES.length,
                StandardCharsets.ISO_8859_1);
        // A ring-wrapped key starts with a random IV: "kms:" by chance is not enough, it would need base64 after.
        return rest.matches("[A-Za-z0-9+/=]+") ? rest : null;
    }

    @Override
    public String toString() {
        return "KmsDataKeyWrapper[" + kms + ", key " + kmsKeyId + "]";
    }
}
