package dev.rotator.worker.store;

import dev.rotator.core.SecretFilter;
import dev.rotator.core.SecretFilter.Key;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WHERE clause of a {@link SecretFilter} on {@code secrets s}, with its parameters: values of one key
 * OR-ed, keys AND-ed, matching as SecretFilter documents. LIKE patterns escape their wildcards with '!',
 * which every dialect accepts.
 */
record SecretQuery(String sql, List<Object> parameters) {

    static SecretQuery of(SecretFilter filter) {
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Map.Entry<Key, List<String>> e : filter.conditions().entrySet()) {
            List<String> values = e.getValue();
            switch (e.getKey()) {
                case SECRET_NAME -> {
                    clauses.add(anyOf("s.name LIKE ? ESCAPE '!'", values.size()));
                    values.forEach(v -> params.add(escapeLike(v) + "%"));
                }
                case DESCRIPTION -> {
                    clauses.add(anyOf("LOWER(s.description) LIKE ? ESCAPE '!'", values.size()));
                    values.forEach(v -> params.add("%" + escapeLike(v.toLowerCase(Locale.ROOT)) + "%"));
                }
                case TAG_KEY -> {
                    clauses.add("EXISTS (SELECT 1 FROM secret_tags t WHERE t.secret_name = s.name AND t.tag_key IN ("
                            + marks(values.size()) + "))");
                    params.addAll(values);
                }
                case TAG_VALUE -> {
                    clauses.add("EXISTS (SELECT 1 FROM secret_tags t WHERE t.secret_name = s.name AND t.tag_value IN ("
                            + marks(values.size()) + "))");
                    params.addAll(values);
                }
                case SECRET_TYPE -> {
                    clauses.add("s.secret_type IN (" + marks(values.size()) + ")");
                    params.addAll(values);
                }
            }
        }
        return new SecretQuery(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), List.copyOf(params));
    }

    /** Secrets whose name sorts after {@code name}: a page by name. */
    static SecretQuery after(String name) {
        return new SecretQuery(" WHERE s.name > ?", List.of(name));
    }

    /** The filter's parameters followed by {@code more} (LIMIT, OFFSET). */
    Object[] params(Object... more) {
        List<Object> all = new ArrayList<>(parameters);
        Collections.addAll(all, more);
        return all.toArray();
    }

    private static String anyOf(String condition, int n) {
        return "(" + String.join(" OR ", Collections.nCopies(n, condition)) + ")";
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
