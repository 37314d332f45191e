package dev.rotator.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bytes of one request as kms20160120 1.2.3 on OkHttp puts them on the wire (openapi-wire.md
 * §2.2): the query in the request line, the x-acs-* headers with a fresh date and nonce, the
 * Authorization header, and a chunked empty body. One instance per caller thread.
 */
final class RequestFactory {
    static final String VERSION = "2016-01-20";
    static final String USER_AGENT = "AlibabaCloud (Linux; amd64) Java/17.0.15+6-Debian-1deb12u1 tea-util/0.2.21 TeaDSL/1"
            + " rotator-bench";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] EMPTY_CHUNKED_BODY = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final AcsV3Signer signer;
    private final String host;

    /** @param host exactly what the SDK's config.endpoint would be, e.g. 127.0.0.1:8080 */
    RequestFactory(AcsV3Signer signer, String host) {
        this.signer = signer;
        this.host = host;
    }

    byte[] request(Target target, String action, Map<String, String> query) {
        return request(target.method, target.path, action, query);
    }

    /** A signed request; the query keeps the caller's order on the wire and is sorted for the signature. */
    byte[] request(String method, String path, String action, Map<String, String> query) {
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("x-acs-action", action);
        signed.put("host", host);
        signed.put("x-acs-date", DATE.format(Instant.now()));
        signed.put("x-acs-version", VERSION);
        signed.put("x-acs-content-sha256", AcsV3Signer.EMPTY_SHA256);
        signed.put("x-acs-signature-nonce", nonce());
        StringBuilder head = new StringBuilder(768);
        head.append(method).append(' ').append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            head.append(sep).append(AcsV3Signer.form(e.getKey())).append('=').append(AcsV3Signer.form(e.getValue()));
            sep = '&';
        }
        head.append(" HTTP/1.1\r\n");
        head.append("Authorization: ").append(signer.authorization(method, query, signed)).append("\r\n");
        signed.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("user-agent: ").append(USER_AGENT).append("\r\n");
        head.append("accept: application/json\r\n");
        boolean body = method.equals("POST");
        if (body) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("Connection: Keep-Alive\r\n");
        head.append("Accept-Encoding: gzip\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (!body) {
            return headBytes;
        }
        byte[] out = new byte[headBytes.length + EMPTY_CHUNKED_BODY.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(EMPTY_CHUNKED_BODY, 0, out, headBytes.length, EMPTY_CHUNKED_BODY.length);
        return out;
    }

    /** 32 lower-case hex characters, as tea-util 0.2.23 makes them. */
    private static String nonce() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
