package dev.rotator.worker.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToIntFunction;

import static dev.rotator.core.RotatorException.invalid;

/**
 * The first checks of a policy document, shared by principal and secret policies: present, within its
 * size, valid JSON with no key given twice, an object, and fields from a known list. Errors are
 * InvalidParameter naming the field and the rule, never the value.
 */
final class PolicyJson {
    // A key given twice is refused, not silently resolved to one of its values.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final int max;
    private final String unit;
    private final ToIntFunction<String> size;

    private PolicyJson(int max, String unit, ToIntFunction<String> size) {
        this.max = max;
        this.unit = unit;
        this.size = size;
    }

    static PolicyJson atMostCharacters(int max) {
        return new PolicyJson(max, "characters", String::length);
    }

    static PolicyJson atMostBytes(int max) {
        return new PolicyJson(max, "bytes", s -> s.getBytes(StandardCharsets.UTF_8).length);
    }

    /** @param whenBlank the rule an absent or blank document breaks */
    ObjectNode read(String json, String whenBlank) {
        if (json == null || json.isBlank()) {
            throw invalid("Policy", whenBlank);
        }
        if (size.applyAsInt(json) > max) {
            throw invalid("Policy", "at most " + max + " " + unit);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("Policy", "must be valid JSON");
        }
        if (!(root instanceof ObjectNode object)) {
            throw invalid("Policy", "must be a JSON object");
        }
        return object;
    }

    /** Refuses a field not in {@code allowed}, which the message lists in the order given. */
    static void onlyFields(ObjectNode object, List<String> allowed, String where) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            if (!allowed.contains(it.next())) {
                throw invalid(where, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }
}
