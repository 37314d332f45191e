package dev.rotator.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ListSecrets' Filters, checked and parsed (see {@code SecretRules.parseFilters}). The values of one
 * key are OR-ed, different keys AND-ed. How each key matches is our decision (Alibaba does not say):
 * <ul>
 *   <li>{@code SecretName}: the name starts with the value (an exact name is its own prefix);</li>
 *   <li>{@code Description}: the description contains the value, ignoring case;</li>
 *   <li>{@code TagKey} / {@code TagValue}: some tag of the secret has exactly that key / value;</li>
 *   <li>{@code SecretType}: the type, written in any case (the doc spells it {@code RDS}).</li>
 * </ul>
 * Case-sensitivity of the exact and prefix matches follows the database's collation (MariaDB's
 * default ignores case).
 */
public record SecretFilter(Map<Key, List<String>> conditions) {
    public static final SecretFilter NONE = new SecretFilter(Map.of());

    public enum Key {
        SECRET_NAME("SecretName"), DESCRIPTION("Description"), TAG_KEY("TagKey"), TAG_VALUE("TagValue"),
        SECRET_TYPE("SecretType");

        private final String wireName;

        Key(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Key> fromWire(String name) {
            return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
        }
    }

    public SecretFilter {
        EnumMap<Key, List<String>> copy = new EnumMap<>(Key.class);
        conditions.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        conditions = Collections.unmodifiableMap(copy);
    }

    /** The values of a key; empty when the key does not filter. For SecretType they are wire names. */
    public List<String> values(Key key) {
        return conditions.getOrDefault(key, List.of());
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }
}
