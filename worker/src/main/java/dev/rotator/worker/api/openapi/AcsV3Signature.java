package dev.rotator.worker.api.openapi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The V3 signature of the tea SDKs, ACS3-HMAC-SHA256 in the Authorization header
 * (openapi-wire.md §3, as {@code com.aliyun.openapiutil.Client.getAuthorization} computes it).
 */
final class AcsV3Signature {
    static final String ALGORITHM = "ACS3-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();
    // Per thread: getInstance looks the provider up on every call, three times per signed request.
    private static final ThreadLocal<KeyedMac> HMAC =
            ThreadLocal.withInitial(() -> new KeyedMac(algorithm(() -> Mac.getInstance("HmacSHA256"))));
    private static final ThreadLocal<MessageDigest> SHA256 =
            ThreadLocal.withInitial(() -> algorithm(() -> MessageDigest.getInstance("SHA-256")));

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T algorithm(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 / SHA-256 unavailable", e);
        }
    }

    private AcsV3Signature() {
    }

    /** {@code ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>}, parsed. */
    record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {
    }

    static Authorization parseAuthorization(String header) {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw RequestAuthenticator.incomplete("Authorization: only " + ALGORITHM + " is supported");
        }
        Map<String, String> fields = new TreeMap<>();
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim()) != null) {
                throw RequestAuthenticator.incomplete("Authorization: must be Credential=...,SignedHeaders=...,Signature=...");
            }
        }
        String credential = fields.get("Credential");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (fields.size() != 3 || credential == null || credential.isEmpty() || signedHeaders == null
                || signedHeaders.isEmpty() || signature == null) {
            throw RequestAuthenticator.incomplete("Authorization: must be Credential=...,SignedHeaders=...,Signature=...");
        }
        if (!isHex64(signature)) {
            throw RequestAuthenticator.incomplete("Authorization: Signature must be 64 hexadecimal digits");
        }
        return new Authorization(credential, Arrays.asList(signedHeaders.split(";")), signature);
    }

    private static boolean isHex64(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** Method, "/", sorted RFC 3986 query, the signed headers (name:trimmed value), their names, the body hash. */
    static String canonicalRequest(WireRequest request, List<String> signedHeaders, String hashedPayload) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(request.query()).entrySet()) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(Percent.encode(e.getKey())).append('=').append(Percent.encode(e.getValue()));
        }
        List<String> names = new ArrayList<>(signedHeaders);
        names.sort(null);
        StringBuilder headers = new StringBuilder();
        for (String name : names) {
            headers.append(name).append(':').append(request.header(name).trim()).append('\n');
        }
        return request.method() + "\n/\n" + query + "\n" + headers + "\n" + String.join(";", names) + "\n" + hashedPayload;
    }

    static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex HMAC-SHA256 keyed with the raw AccessKey secret. */
    static String sign(String secret, String stringToSign) {
        return HEX.formatHex(HMAC.get().keyedWith(secret).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A thread's Mac and the key it was last initialised with: init (which hashes the key into the inner and
     * outer pads) is skipped when the same AccessKey signs again, as a client's requests mostly do. doFinal
     * leaves the Mac initialised with its key.
     */
    private static final class KeyedMac {
        private final Mac mac;
        private String key;

        KeyedMac(Mac mac) {
            this.mac = mac;
        }

        Mac keyedWith(String secret) {
            if (!secret.equals(key)) {
                try {
                    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                } catch (GeneralSecurityException e) {
                    key = null;
                    throw new IllegalStateException("HmacSHA256 refused its key", e);
                }
                key = secret;
            }
            return mac;
        }
    }

    /** The SDKs send an empty body with every request: its hash is a constant. */
    private static final String EMPTY_BODY_SHA256 = HEX.formatHex(algorithm(() -> MessageDigest.getInstance("SHA-256"))
            .digest(new byte[0]));

    static String sha256Hex(byte[] data) {
        if (data.length == 0) {
            return EMPTY_BODY_SHA256;
        }
        return HEX.formatHex(SHA256.get().digest(data));
    }
}
