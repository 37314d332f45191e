package dev.rotator.worker.api.openapi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.rotator.core.RotatorException.invalid;

/**
 * An API request as it arrived, independent of the HTTP server: method, decoded query and form
 * parameters, headers by lower-case name, and the body bytes (for the V3 body hash).
 */
public record WireRequest(String method, Map<String, String> query, Map<String, String> form,
                          Map<String, String> headers, byte[] body) {

    /** Read-only views, not copies (a copy per map was measurable on every request): callers hand over their maps. */
    public WireRequest {
        query = Collections.unmodifiableMap(query);
        form = Collections.unmodifiableMap(form);
        headers = Collections.unmodifiableMap(headers);
    }

    /**
     * @param rawQuery the query string as sent, still percent-encoded (null if none)
     * @param headers  name/value pairs in arrival order
     */
    public static WireRequest of(String method, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (byName.containsKey(name) && signable(name)) {
                throw invalid("header " + name, "given more than once");
            }
            byName.putIfAbsent(name, h.getValue());
        }
        Map<String, String> query = Percent.decodeForm(rawQuery, "query string");
        Map<String, String> form = Map.of();
        String contentType = byName.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (body.length > 0 && contentType.startsWith("application/x-www-form-urlencoded")) {
            form = Percent.decodeForm(new String(body, StandardCharsets.UTF_8), "request body");
            for (String key : form.keySet()) {
                if (query.containsKey(key)) {
                    throw invalid(key, "given more than once");
                }
            }
        }
        return new WireRequest(method, query, form, byName, body);
    }

    /** The headers a V3 signature may cover; each must arrive at most once. */
    static boolean signable(String lowerCaseName) {
        return lowerCaseName.equals("host") || lowerCaseName.equals("content-type")
                || lowerCaseName.equals("authorization") || lowerCaseName.startsWith("x-acs-");
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** Query and form parameters together (a key is in at most one of them). */
    public Map<String, String> parameters() {
        Map<String, String> all = new LinkedHashMap<>(query);
        all.putAll(form);
        return all;
    }
}
