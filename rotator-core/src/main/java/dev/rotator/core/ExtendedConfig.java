package dev.rotator.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-type ExtendedConfig of a managed secret: a JSON object such as
 * {@code {"SecretSubType":"DoubleUsers","DBInstanceId":"rm-1","CustomData":{}}}.
 * Immutable; key order is kept so that what was written reads back the same.
 */
public final class ExtendedConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Built once: readValue with a TypeReference resolves the type and looks up its deserializer on every call. */
    private static final ObjectReader OBJECT = JSON.readerFor(new TypeReference<LinkedHashMap<String, Object>>() { });
    public static final ExtendedConfig EMPTY = new ExtendedConfig(new LinkedHashMap<>());

    private final Map<String, Object> values;

    /** Takes {@code values} over: every caller passes a map of its own that nothing else holds. */
    private ExtendedConfig(LinkedHashMap<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static ExtendedConfig of(Map<String, ?> values) {
        return new ExtendedConfig(new LinkedHashMap<>(values));
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} when it is not one. */
    public static ExtendedConfig parse(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        try {
            LinkedHashMap<String, Object> map = OBJECT.readValue(json);
            return map == null ? EMPTY : new ExtendedConfig(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    public String require(String key) {
        return string(key).orElseThrow(() -> new RotatorException(ErrorCode.INVALID_PARAMETER,
                "ExtendedConfig." + key + " is required"));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> customData() {
        Object v = values.get("CustomData");
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    /** A copy with CustomData replaced: the only part that may change after creation. */
    public ExtendedConfig withCustomData(Map<String, ?> customData) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(values);
        copy.put("CustomData", new LinkedHashMap<>(customData));
        return new ExtendedConfig(copy);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
