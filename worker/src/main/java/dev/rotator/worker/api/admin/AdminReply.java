package dev.rotator.worker.api.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an /admin/v1 action answers: the status and the body's fields (the router adds RequestId first). */
record AdminReply(int status, Map<String, Object> body) {
    /** Times as the KMS API writes them: ISO-8601 UTC, second precision. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    static AdminReply ok(Map<String, Object> body) {
        return new AdminReply(200, body);
    }

    static AdminReply created(Map<String, Object> body) {
        return new AdminReply(201, body);
    }

    static AdminReply accepted(Map<String, Object> body) {
        return new AdminReply(202, body);
    }

    /** {@code name1, value1, name2, value2 ...} in order; null values are kept, as explicit JSON nulls. */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    /** null stays null. */
    static String time(Instant at) {
        return at == null ? null : TIME.format(at);
    }
}
