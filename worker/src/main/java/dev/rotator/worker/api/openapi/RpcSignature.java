package dev.rotator.worker.api.openapi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RPC signature (HMAC-SHA1 in the query): the classic SDK (docs/wire-classic-sdk.md) and the
 * tea SDKs with {@code signatureAlgorithm="v2"} (openapi-wire.md §4.1).
 *
 * <p>The two differ on empty values: the classic SDK signs {@code Key=}, the tea SDK leaves empty
 * values out of the string to sign (but still sends them). Hence {@code dropEmpty}.
 */
final class RpcSignature {
    static final String SIGNATURE = "Signature";

    private RpcSignature() {
    }

    /** {@code METHOD&%2F&pct(sorted pct(k)=pct(v) joined by &)}, every parameter but Signature. */
    static String stringToSign(String method, Map<String, String> parameters, boolean dropEmpty) {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(parameters).entrySet()) {
            if (e.getKey().equals(SIGNATURE) || (dropEmpty && e.getValue().isEmpty())) {
                continue;
            }
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(Percent.encode(e.getKey())).append('=').append(Percent.encode(e.getValue()));
        }
        return method + "&" + Percent.encode("/") + "&" + Percent.encode(canonical.toString());
    }

    /** base64(HMAC-SHA1(secret + "&", stringToSign)). */
    static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
