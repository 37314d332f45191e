package dev.rotator.worker.api.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.RotatorException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * A request body of /admin/v1: empty (every field absent), or one JSON object with only the fields the action
 * takes. Anything else is InvalidParameter naming the field, or {@value #FIELD} for the body as a whole.
 */
final class JsonBody {
    static final String FIELD = "RequestBody";
    // A field given twice is refused, not silently resolved to one of its values.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    static JsonBody parse(byte[] body, Set<String> fields) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new JsonBody(JSON.createObjectNode());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(FIELD, "must be a JSON object" + allowed(fields));
        }
        if (!(root instanceof ObjectNode object)) {
            throw invalid(FIELD, "must be a JSON object" + allowed(fields));
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw invalid(quotable(name) ? name : FIELD, "unknown field" + allowed(fields));
            }
        }
        return new JsonBody(object);
    }

    /** A name the caller sent is quoted in an error only if it is short and plain. */
    static boolean quotable(String name) {
        return name.matches("[A-Za-z0-9_.-]{1,64}");
    }

    private static String allowed(Set<String> fields) {
        return fields.isEmpty() ? " with no fields" : " (fields: " + String.join(", ", fields.stream().sorted().toList())
                + ")";
    }

    /** A string field; absent or null is empty, any other JSON type is InvalidParameter. */
    Optional<String> text(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid(field, "must be a string");
        }
        return Optional.of(node.asText());
    }

    /** A required string field: MissingParameter when absent. */
    String requiredText(String field) {
        return text(field).orElseThrow(() -> RotatorException.missing(field));
    }

    /** A required JSON array field, its elements in order. */
    List<JsonNode> requiredArray(String field, String example) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw RotatorException.missing(field);
        }
        if (!node.isArray()) {
            throw invalid(field, "must be a JSON array such as " + example);
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    /** A required JSON object field, as JSON text. */
    String requiredObject(String field, String example) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw RotatorException.missing(field);
        }
        if (!node.isObject()) {
            throw invalid(field, "must be a JSON object such as " + example);
        }
        return node.toString();
    }
}
