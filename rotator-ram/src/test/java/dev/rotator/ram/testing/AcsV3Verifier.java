package dev.rotator.ram.testing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Server side of the ACS3-HMAC-SHA256 signature, as openapi-wire.md §3 gives it: canonical request from the
 * decoded query (re-encoded RFC 3986, sorted), the signed headers as received, the body's SHA-256; HMAC-SHA256 of
 * the string to sign with the raw AccessKeySecret.
 */
final class AcsV3Verifier {
    static final String ALGORITHM = "ACS3-HMAC-SHA256";

    /** The parts of an Authorization header. */
    record Authorization(String accessKeyId, String signedHeaders, String signature) {
        /** Null when the header is not a well-formed ACS3 one. */
        static Authorization parse(String header) {
            if (header == null || !header.startsWith(ALGORITHM + " ")) {
                return null;
            }
            Map<String, String> parts = new TreeMap<>();
            for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
            String id = parts.get("Credential");
            String signed = parts.get("SignedHeaders");
            String sig = parts.get("Signature");
            return id == null || signed == null || sig == null || id.isEmpty() ? null : new Authorization(id, signed, sig);
        }
    }

    private AcsV3Verifier() {
    }

    /** Decodes a raw query with form semantics ({@code +} is a space). */
    static Map<String, String> decodeQuery(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** True when {@code auth.signature} is the one the secret makes over this request (constant-time compare). */
    static boolean verify(Authorization auth, String secret, String method, Map<String, String> query,
                          Function<String, String> header, String bodySha256) {
        StringBuilder canonical = new StringBuilder(method).append('\n').append("/\n");
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(pct(e.getKey())).append('=').append(pct(e.getValue()));
        }
        canonical.append(q).append('\n');
        for (String name : auth.signedHeaders().split(";")) {
            String value = header.apply(name);
            canonical.append(name.toLowerCase()).append(':').append(value == null ? "" : value.trim()).append('\n');
        }
        canonical.append('\n').append(auth.signedHeaders()).append('\n').append(bodySha256);
        String toSign = ALGORITHM + "\n" + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
        byte[] expected = HexFormat.of().formatHex(hmac(secret, toSign)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, auth.signature().getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
