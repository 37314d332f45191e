package dev.rotator.rds.postgres;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * PostgreSQL's SCRAM-SHA-256 password verifier (RFC 5802/7677, the form pg_authid stores), computed here so that
 * {@code ALTER ROLE ... PASSWORD 'SCRAM-SHA-256$...'} carries no plaintext to the server or its logs.
 *
 * <p>PostgreSQL runs the password through SASLprep first; for printable ASCII that changes nothing, so only such
 * passwords get a verifier here (every generated one does). Others are left to the server (empty result).
 * Public for the rotation benchmark, whose floor sends the very statement the rotator sends.
 */
public final class ScramVerifier {
    private static final int ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramVerifier() {
    }

    public static Optional<String> of(String password) {
        if (password.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < password.length(); i++) {
            char ch = password.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return Optional.empty();
            }
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return Optional.of(of(password, salt, ITERATIONS));
    }

    static String of(String password, byte[] salt, int iterations) {
        try {
            byte[] salted = pbkdf2(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PBKDF2-HMAC-SHA-256 for one 32-byte block: Hi() of RFC 5802. */
    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
