package dev.rotator.worker.api.openapi;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.rotator.core.RotatorException.invalid;

/** The two encodings of the wire: form decoding of what arrives, RFC 3986 encoding of what is signed. */
final class Percent {
    private Percent() {
    }

    /**
     * Decodes {@code a=1&b=x+y} with form semantics ('+' is a space, UTF-8 %XX). A key given twice is
     * refused: what is signed and what the action reads must be the same one value.
     */
    static Map<String, String> decodeForm(String raw, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), where);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), where);
            if (out.put(key, value) != null) {
                throw invalid(key, "given more than once");
            }
        }
        return out;
    }

    private static String decode(String s, String where) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(where, "malformed percent-encoding");
        }
    }

    /** RFC 3986: only A-Z a-z 0-9 - _ . ~ stay as they are; upper-case hex. What both signatures use. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
