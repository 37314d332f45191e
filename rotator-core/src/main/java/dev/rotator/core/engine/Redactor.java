package dev.rotator.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.SecretValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Last line of defence for error messages from rotators: any secret value, or any string field
 * of a JSON secret value (a password inside {"AccountName","AccountPassword"}), is masked before
 * the message reaches an event, the secret's last error or a log line.
 */
final class Redactor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_SECRET_LENGTH = 4;
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i)password|secret|privatekey|token");

    private Redactor() {
    }

    static String scrub(String message, Collection<SecretValue> values) {
        if (message == null) {
            return null;
        }
        String result = message;
        for (SecretValue value : values) {
            for (String secret : secretsIn(value)) {
                result = result.replace(secret, "******");
            }
        }
        return result;
    }

    private static List<String> secretsIn(SecretValue value) {
        List<String> out = new ArrayList<>();
        String text = value.text();
        if (text.length() >= MIN_SECRET_LENGTH) {
            out.add(text);
        }
        try {
            collectStrings(JSON.readTree(text), out);
        } catch (Exception notJson) {
            // a plain value: the whole text was added above
        }
        return out;
    }

    /** Collects the values of secret-bearing fields (AccountPassword, Password, PrivateKey, AccessKeySecret …). */
    private static void collectStrings(JsonNode node, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(child -> collectStrings(child, out));
            return;
        }
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isTextual() && SECRET_FIELD.matcher(field.getKey()).find()
                    && value.asText().length() >= MIN_SECRET_LENGTH) {
                out.add(value.asText());
            } else {
                collectStrings(value, out);
            }
        });
    }
}
