package dev.rotator.worker.api.openapi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A hand-made ACS3-HMAC-SHA256 request, signed here independently of the server's code (straight from
 * openapi-wire.md §3), for what the SDK will not send: a skewed clock, a missing action, another version.
 */
final class V3Request {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Map<String, String> query = new LinkedHashMap<>();
    final Map<String, String> headers = new TreeMap<>();
    String method = "POST";
    byte[] body = new byte[0];
    /** The body hash the signature claims (normally the hash of the body). */
    String claimedBodyHash;

    V3Request(String host, String action, Instant time) {
        headers.put("host", host);
        if (action != null) {
            headers.put("x-acs-action", action);
        }
        headers.put("x-acs-version", "2016-01-20");
        headers.put("x-acs-date", time.truncatedTo(ChronoUnit.SECONDS).toString());
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
    }

    V3Request param(String key, String value) {
        query.put(key, value);
        return this;
    }

    /** The Authorization header value for this request. */
    String authorization(String accessKeyId, String secret) {
        String bodyHash = sha256(body);
        headers.put("x-acs-content-sha256", claimedBodyHash != null ? claimedBodyHash : bodyHash);
        String canonicalQuery = new TreeMap<>(query).entrySet().stream()
                .map(e -> pct(e.getKey()) + "=" + pct(e.getValue())).collect(Collectors.joining("&"));
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.trim()).append('\n'));
        String signedHeaders = String.join(";", headers.keySet());
        String canonical = method + "\n/\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n"
                + headers.get("x-acs-content-sha256");
        String stringToSign = "ACS3-HMAC-SHA256\n" + sha256(canonical.getBytes(StandardCharsets.UTF_8));
        return "ACS3-HMAC-SHA256 Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders + ",Signature="
                + hmac(secret, stringToSign);
    }

    /** Sends the request signed with the key; returns status and body. */
    HttpResponse<String> send(String accessKeyId, String secret) {
        return send(authorization(accessKeyId, secret));
    }

    /** Sends with the given Authorization header (null for none). */
    HttpResponse<String> send(String authorization) {
        String rawQuery = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + headers.get("host") + "/?" + rawQuery))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v);
            }
        });
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
