package dev.rotator.worker.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code KEY=VALUE} arguments ({@code --tag}, {@code --filter}); the first '=' splits, so values may hold '='. */
record KeyValue(String key, String value) {

    static KeyValue parse(String option, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new CliException(ExitCode.USAGE, option + " must be KEY=VALUE, got '" + text + "'");
        }
        return new KeyValue(text.substring(0, eq), text.substring(eq + 1));
    }

    /** CreateSecret's Tags: {@code [{"TagKey":..,"TagValue":..}]}. */
    static String tagsJson(String option, List<String> args) {
        List<Map<String, String>> tags = new ArrayList<>();
        for (String arg : args) {
            KeyValue kv = parse(option, arg);
            Map<String, String> tag = new LinkedHashMap<>();
            tag.put("TagKey", kv.key());
            tag.put("TagValue", kv.value());
            tags.add(tag);
        }
        return Json.compact(tags);
    }

    /**
     * ListSecrets' Filters: {@code [{"Key":..,"Values":[..]}]}, the values of a key repeated on the
     * command line gathered into one filter (the API ORs them; different keys are ANDed).
     */
    static String filtersJson(String option, List<String> args) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String arg : args) {
            KeyValue kv = parse(option, arg);
            byKey.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
        }
        List<Map<String, Object>> filters = new ArrayList<>();
        byKey.forEach((key, values) -> {
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("Key", key);
            filter.put("Values", values);
            filters.add(filter);
        });
        return Json.compact(filters);
    }
}
