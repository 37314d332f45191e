package dev.rotator.worker.keys;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds response bodies with the SDK's wire names; absent (null) fields are left out, as Alibaba does. */
final class Wire {
    private Wire() {
    }

    /** {@code name1, value1, name2, value2 ...} in order, without the null values. */
    static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                body.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return body;
    }
}
