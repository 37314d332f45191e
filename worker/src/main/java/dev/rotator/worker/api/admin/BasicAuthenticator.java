package dev.rotator.worker.api.admin;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.auth.AccessKeyStore.Credential;
import dev.rotator.worker.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * HTTP Basic with an AccessKey: {@code Authorization: Basic base64(AccessKeyId:AccessKeySecret)}, as
 * {@code curl -u "$AccessKeyId:$AccessKeySecret"} sends it. Missing or garbled credentials, an unknown key, a
 * disabled key and a wrong secret all get the same 401, so the answer tells nothing about which keys exist.
 */
public final class BasicAuthenticator {
    public static final String CHALLENGE = "Basic realm=\"rotator\", charset=\"UTF-8\"";
    static final String MESSAGE = "Authenticate with HTTP Basic: your AccessKeyId as the user name and its "
            + "AccessKeySecret as the password.";
    /** Longer ids are no key of ours: refused without asking the store. */
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_HEADER_LENGTH = 1024;

    private final Function<String, Optional<Credential>> credentials;

    /** @param credentials an AccessKey's credential by id, e.g. {@code accessKeyStore::credential} */
    public BasicAuthenticator(Function<String, Optional<Credential>> credentials) {
        this.credentials = credentials;
    }

    /** @throws RotatorException Unauthenticated (401) for every kind of failure, with one message */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.length() > MAX_HEADER_LENGTH
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw refused();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw refused();
        }
        int colon = pair.indexOf(':');
        if (colon <= 0 || colon > MAX_ID_LENGTH) {
            throw refused();
        }
        String id = pair.substring(0, colon);
        String secret = pair.substring(colon + 1);
        Optional<Credential> credential = credentials.apply(id);
        // The comparison runs whatever the lookup found, so a wrong secret costs what an unknown key does.
        boolean matches = sameSecret(credential.filter(Credential::enabled).map(Credential::secret).orElse(""), secret);
        if (credential.isEmpty() || !credential.get().enabled() || !matches) {
            throw refused();
        }
        return credential.get().principal();
    }

    /** Constant time, whatever the lengths: the digests are compared, not the texts. */
    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(sha256(expected), sha256(given)) && !expected.isEmpty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static RotatorException refused() {
        return new RotatorException(ErrorCode.UNAUTHENTICATED, MESSAGE);
    }
}
