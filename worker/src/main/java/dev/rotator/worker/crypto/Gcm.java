package dev.rotator.worker.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a random 12-byte IV prefixed to the output: {@code iv || ciphertext || tag}. */
final class Gcm {
    static final int KEY_BYTES = 32;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final SecureRandom RANDOM = new SecureRandom();
    /*
     * Deciphers per thread: Cipher.getInstance looks the provider up each time, a measurable share of a
     * GetSecretValue (two opens per read). A Cipher is not thread-safe; init resets it for each use. Two
     * per thread, one for wrapping keys and one for data keys: init skips the AES key expansion when the
     * key is the one it had last, so keeping the long-lived wrapping key in its own Cipher saves an
     * expansion on every read (it was a sixth of a GetSecretValue's CPU).
     */
    private static final ThreadLocal<Cipher> KEY_DECRYPTERS = ThreadLocal.withInitial(Gcm::newCipher);
    private static final ThreadLocal<Cipher> DATA_DECRYPTERS = ThreadLocal.withInitial(Gcm::newCipher);
    /** Encrypters per thread, for the same reason; a fresh random IV on every init keeps GCM's rule of one use. */
    private static final ThreadLocal<Cipher> ENCRYPTERS = ThreadLocal.withInitial(Gcm::newCipher);

    private Gcm() {
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = ENCRYPTERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] out = new byte[IV_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * Opens what a long-lived key sealed (key material, data keys). Throws AEADBadTagException for anything
     * that does not authenticate, short input included.
     */
    static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        return open(KEY_DECRYPTERS.get(), key, sealed, aad);
    }

    /** Opens a value sealed with its own data key; as {@link #open}. */
    static byte[] openData(byte[] dataKey, byte[] sealed, byte[] aad) throws AEADBadTagException {
        return open(DATA_DECRYPTERS.get(), dataKey, sealed, aad);
    }

    private static byte[] open(Cipher cipher, byte[] key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        if (sealed == null || sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new AEADBadTagException("sealed data too short");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** Length-prefixed UTF-8 parts, so ("ab","c") and ("a","bc") never give the same AAD. */
    static byte[] aad(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
