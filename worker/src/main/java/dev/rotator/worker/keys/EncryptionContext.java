package dev.rotator.worker.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rotator.core.RotatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The EncryptionContext parameter: a JSON object of string values, e.g. {@code {"Example":"Example"}}, as the
 * SDK sends it. Its canonical form (pairs sorted by key) is bound into the ciphertext as associated data, so
 * member order and whitespace do not matter, but every key and value does. Absent, blank and {@code {}} are
 * the same, empty, context.
 */
final class EncryptionContext {
    static final int MAX_LENGTH = 8_192;
    private static final String RULE = "must be a JSON object of string values, e.g. {\"Example\":\"Example\"}";
    // Strict: a duplicate key or trailing garbage is an error, not "last one wins".
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EncryptionContext() {
    }

    /** The canonical parts: key1, value1, key2, value2 ... in key order. */
    static List<String> canonical(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        if (json.length() > MAX_LENGTH) {
            throw RotatorException.invalid("EncryptionContext", "at most " + MAX_LENGTH + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw RotatorException.invalid("EncryptionContext", RULE); // the parser's message quotes the input
        }
        if (node == null || !node.isObject()) {
            throw RotatorException.invalid("EncryptionContext", RULE);
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!member.getValue().isTextual()) {
                throw RotatorException.invalid("EncryptionContext", RULE);
            }
            sorted.put(member.getKey(), member.getValue().asText());
        }
        List<String> parts = new ArrayList<>(sorted.size() * 2);
        sorted.forEach((k, v) -> {
            parts.add(k);
            parts.add(v);
        });
        return parts;
    }
}
