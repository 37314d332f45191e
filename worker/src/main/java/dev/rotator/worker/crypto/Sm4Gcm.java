package dev.rotator.worker.crypto;

import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4-GCM (GB/T 32907 block cipher in GCM mode) for {@code Aliyun_SM4} keys, in the same layout as
 * {@link Gcm}: {@code iv || ciphertext || tag}. The JDK has no SM4, so this uses Bouncy Castle's
 * lightweight API (no JCA provider is registered).
 */
final class Sm4Gcm {
    static final int KEY_BYTES = 16;

    private Sm4Gcm() {
    }

    static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        byte[] iv = new byte[Gcm.IV_BYTES];
        Gcm.RANDOM.nextBytes(iv);
        GCMModeCipher cipher = cipher(true, key, iv, aad);
        byte[] out = new byte[Gcm.IV_BYTES + cipher.getOutputSize(plaintext.length)];
        System.arraycopy(iv, 0, out, 0, Gcm.IV_BYTES);
        int n = cipher.processBytes(plaintext, 0, plaintext.length, out, Gcm.IV_BYTES);
        try {
            cipher.doFinal(out, Gcm.IV_BYTES + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM4-GCM encryption failed", e); // cannot happen when encrypting
        }
        return out;
    }

    /** Throws AEADBadTagException for anything that does not authenticate, short input included. */
    static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        if (sealed == null || sealed.length < Gcm.IV_BYTES + Gcm.TAG_BITS / 8) {
            throw new AEADBadTagException("sealed data too short");
        }
        byte[] iv = java.util.Arrays.copyOf(sealed, Gcm.IV_BYTES);
        GCMModeCipher cipher = cipher(false, key, iv, aad);
        int length = sealed.length - Gcm.IV_BYTES;
        byte[] out = new byte[cipher.getOutputSize(length)];
        int n = cipher.processBytes(sealed, Gcm.IV_BYTES, length, out, 0);
        try {
            cipher.doFinal(out, n);
            return out;
        } catch (InvalidCipherTextException e) {
            Gcm.wipe(out);
            throw new AEADBadTagException("SM4-GCM tag mismatch");
        }
    }

    private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] iv, byte[] aad) {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(new SM4Engine());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), Gcm.TAG_BITS, iv, aad));
        return cipher;
    }
}
