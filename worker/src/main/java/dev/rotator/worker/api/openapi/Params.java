package dev.rotator.worker.api.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.RotatorException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * An action's parameters, decoded from the query (and a form body), without the signature's own.
 * The SDKs check nothing client-side, so every getter checks and names the field and the rule:
 * an absent (or, for required values, empty) parameter is MissingParameter, a present but wrong one
 * is InvalidParameter. Messages never repeat the value.
 *
 * <p>The SDK sends an empty string as {@code Key=}: {@link #optional} returns it as it is (an empty
 * Description is a value); the typed getters treat it as absent and use their default.
 */
public final class Params {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Params of(Map<String, String> values) {
        return new Params(values);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value as sent, empty string included. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A value that must be present and non-empty (MissingParameter otherwise). */
    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw RotatorException.missing(name);
        }
        return value;
    }

    /** "true"/"false" in any case; absent or empty gives the default. */
    public boolean bool(String name, boolean defaultValue) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? defaultValue : parseBool(name, value);
    }

    /** A boolean that must be given. */
    public boolean requiredBool(String name) {
        return parseBool(name, required(name));
    }

    /** A decimal integer from min to max; absent or empty gives the default. */
    public int integer(String name, int min, int max, int defaultValue) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, with the rule
        }
        throw invalid(name, "must be an integer from " + min + " to " + max);
    }

    /** A JSON array given as a string (Tags, VersionStages, Filters); absent or empty gives nothing. */
    public Optional<ArrayNode> jsonArray(String name) {
        return json(name).map(node -> {
            if (node instanceof ArrayNode array) {
                return array;
            }
            throw invalid(name, "must be a JSON array");
        });
    }

    /** A JSON object given as a string (ExtendedConfig); absent or empty gives nothing. */
    public Optional<ObjectNode> jsonObject(String name) {
        return json(name).map(node -> {
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw invalid(name, "must be a JSON object");
        });
    }

    /**
     * The flattened form of a model parameter: {@code prefixed("ExtendedConfig.CustomData.")} gives
     * {@code {k1=v1}} for {@code ExtendedConfig.CustomData.k1=v1}, in arrival order.
     */
    public Map<String, String> prefixed(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private Optional<JsonNode> json(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(value));
        } catch (JsonProcessingException e) {
            throw invalid(name, "must be valid JSON");
        }
    }

    private static boolean parseBool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "must be true or false");
        };
    }

    /** Names only: values may be secret. */
    @Override
    public String toString() {
        return "Params" + values.keySet();
    }
}
