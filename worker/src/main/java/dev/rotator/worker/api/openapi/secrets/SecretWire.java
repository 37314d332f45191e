package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.Tag;
import dev.rotator.core.validation.SecretRules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the secret actions shape their answers for the kms20160120 models: fields with the models' names,
 * absent (null) ones left out, as Alibaba does; lists inside their wrapper objects
 * ({@code VersionStages:{VersionStage:[]}}, {@code Tags:{Tag:[]}}); times as {@code yyyy-MM-ddTHH:mm:ssZ}
 * in UTC; intervals as seconds, {@code 604800s}.
 */
final class SecretWire {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private SecretWire() {
    }

    /** {@code name1, value1, name2, value2 ...} in order, without the null values. */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                body.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return body;
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    static String interval(Duration interval) {
        return interval == null ? null : SecretRules.formatInterval(interval);
    }

    static Map<String, Object> versionStages(List<String> stages) {
        return Map.of("VersionStage", List.copyOf(stages));
    }

    static Map<String, Object> tags(List<Tag> tags) {
        return Map.of("Tag", tags.stream().map(t -> fields("TagKey", t.key(), "TagValue", t.value())).toList());
    }

    /** ExtendedConfig as the models carry it: one JSON string; none for an empty one (Generic secrets). */
    static String extendedConfig(ExtendedConfig config) {
        return config == null || config.isEmpty() ? null : config.toJson();
    }

    /**
     * AutomaticRotation always; RotationInterval and NextRotationDate only while rotation is on (Enabled or
     * Invalid); LastRotationDate once the secret was rotated.
     */
    static void putRotation(Map<String, Object> body, RotationPolicy rotation) {
        body.put("AutomaticRotation", rotation.state().name());
        if (rotation.enabled()) {
            putIfSet(body, "RotationInterval", interval(rotation.interval()));
            putIfSet(body, "NextRotationDate", time(rotation.nextRotation()));
        }
        putIfSet(body, "LastRotationDate", time(rotation.lastRotation()));
    }

    static void putIfSet(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
