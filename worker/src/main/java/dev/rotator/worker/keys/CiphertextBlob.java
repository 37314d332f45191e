package dev.rotator.worker.keys;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The CiphertextBlob of Encrypt and GenerateDataKey, self-describing so that Decrypt needs no KeyId:
 * {@code format(1) || len(1) keyId || len(1) keyVersionId || sealed}, in standard base64, where
 * {@code sealed} is {@code iv || ciphertext || tag} from the key ring. The ids are not secret; they are
 * authenticated because the ring binds both into the associated data.
 */
record CiphertextBlob(String keyId, String keyVersionId, byte[] sealed) {
    private static final byte FORMAT = 1;
    private static final int MIN_SEALED = 12 + 16;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");
    private static final String NOT_OURS = "is not a ciphertext made by this server's Encrypt or GenerateDataKey";

    String encode() {
        byte[] key = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] version = keyVersionId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(3 + key.length + version.length + sealed.length);
        out.put(FORMAT).put((byte) key.length).put(key).put((byte) version.length).put(version).put(sealed);
        return Base64.getEncoder().encodeToString(out.array());
    }

    /**
     * @throws RotatorException INVALID_PARAMETER for text that is not base64, INVALID_CIPHERTEXT for bytes that
     *         are not a blob of ours; no part of the input is quoted
     */
    static CiphertextBlob decode(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw RotatorException.invalid("CiphertextBlob", "must be base64");
        }
        ByteBuffer in = ByteBuffer.wrap(raw);
        if (in.remaining() < 1 || in.get() != FORMAT) {
            throw invalid();
        }
        String keyId = id(in);
        String version = id(in);
        if (in.remaining() < MIN_SEALED) {
            throw invalid();
        }
        return new CiphertextBlob(keyId, version, Arrays.copyOfRange(raw, in.position(), raw.length));
    }

    private static String id(ByteBuffer in) {
        if (in.remaining() < 1) {
            throw invalid();
        }
        int length = in.get() & 0xff;
        if (in.remaining() < length) {
            throw invalid();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        String id = new String(bytes, StandardCharsets.US_ASCII);
        if (!ID.matcher(id).matches()) {
            throw invalid();
        }
        return id;
    }

    private static RotatorException invalid() {
        return new RotatorException(ErrorCode.INVALID_CIPHERTEXT, "CiphertextBlob: " + NOT_OURS);
    }
}
