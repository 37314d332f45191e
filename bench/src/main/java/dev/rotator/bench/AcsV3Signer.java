package dev.rotator.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client side of ACS3-HMAC-SHA256, computed as {@code com.aliyun.openapiutil.Client.getAuthorization}
 * does (openapi-wire.md §3): sorted RFC 3986 query, the host and x-acs-* headers, SHA-256 of the
 * canonical request, HMAC-SHA256 keyed with the raw AccessKey secret. One instance per caller thread
 * (it keeps its Mac and digest).
 */
final class AcsV3Signer {
    static final String ALGORITHM = "ACS3-HMAC-SHA256";
    /** SHA-256 of the empty body, which is what the SDK signs for these APIs. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final Mac mac;
    private final MessageDigest sha256;

    AcsV3Signer(String accessKeyId, String accessKeySecret) {
        this.accessKeyId = accessKeyId;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(accessKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 / SHA-256 unavailable", e);
        }
    }

    /**
     * The Authorization header value.
     *
     * @param query   the decoded API parameters
     * @param headers the headers to sign, lower-case names (host and x-acs-*)
     */
    String authorization(String method, Map<String, String> query, Map<String, String> headers) {
        StringBuilder canonical = new StringBuilder(512);
        canonical.append(method).append("\n/\n");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            if (!first) {
                canonical.append('&');
            }
            first = false;
            canonical.append(pct(e.getKey())).append('=').append(pct(e.getValue()));
        }
        canonical.append('\n');
        TreeMap<String, String> signed = new TreeMap<>(headers);
        for (Map.Entry<String, String> e : signed.entrySet()) {
            canonical.append(e.getKey()).append(':').append(e.getValue().trim()).append('\n');
        }
        String signedHeaders = String.join(";", new ArrayList<>(signed.keySet()));
        canonical.append('\n').append(signedHeaders).append('\n').append(EMPTY_SHA256);
        String stringToSign = ALGORITHM + "\n"
                + HEX.formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
    }

    /** RFC 3986 as the SDK does it: URLEncoder, then '+' to %20, '*' to %2A, %7E back to '~'. */
    static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** Form encoding of the request line, as the SDK sends it (URLEncoder alone). */
    static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Checks this signer against the captured requests of openapi-wire.md §3.1 (GetSecretValue) and
     * §3.2 (CreateSecret with awkward characters), key testSecret. The benchmark refuses to run with a
     * signer that would not match the SDK.
     */
    static void selfCheck() {
        check("§3.1", Map.of("SecretName", "mysecret"), "127.0.0.1:18081", "GetSecretValue", "2026-11-30T21:17:54Z",
                "e6965d346e0e07f54c70421527ab86ee", "c8ba9765109a1c6e110df6143edc7a7bfcea5e5771fb0263eddde41875088d55");
        check("§3.2", Map.of("SecretName", "my secret/\u00fc*~", "VersionId", "v1", "Description", "",
                        "EnableAutomaticRotation", "false", "SecretDataType", "text",
                        "ExtendedConfig", "{\"SecretSubType\":\"SingleUser\"}",
                        "SecretData", "{\"user\":\"a b\",\"pw\":\"x*y~z+/=\u00e9\"}",
                        "Tags", "[{\"TagKey\":\"k1\",\"TagValue\":\"v1\"}]"),
                "127.0.0.1:18082", "CreateSecret", "2026-11-30T21:18:03Z", "ab1279a72e5de66fb1e812bfc111004c",
                "48065d6748f6869cba1bc73eeccf4efcf6b4eec8efa2df2ba4a9fe2979e0dd4f");
    }

    private static void check(String example, Map<String, String> query, String host, String action, String date,
                              String nonce, String signature) {
        Map<String, String> headers = Map.of("host", host, "x-acs-action", action, "x-acs-date", date,
                "x-acs-version", "2016-01-20", "x-acs-content-sha256", EMPTY_SHA256, "x-acs-signature-nonce", nonce);
        String got = new AcsV3Signer("testAK", "testSecret").authorization("POST", query, headers);
        if (!got.endsWith(",Signature=" + signature)) {
            throw new IllegalStateException("signer self-check failed: it does not reproduce openapi-wire.md " + example);
        }
    }
}
