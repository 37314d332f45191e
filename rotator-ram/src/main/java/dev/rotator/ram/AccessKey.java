package dev.rotator.ram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.SecretValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.rotator.core.RotatorException.invalid;

/**
 * A RAMCredentials value as GetSecretValue serves it: {@code {"AccessKeyId","AccessKeySecret","GenerateTimestamp"}}
 * (kms-secrets.md §1.4), GenerateTimestamp being when RAM made the key. A pending placeholder (create, before RAM
 * mints the key in set) has an empty AccessKeyId and GenerateTimestamp the time it was made, which tells a key
 * minted by an earlier attempt of the same rotation (newer) from the keys that were there before (older).
 * toString shows the id only.
 */
record AccessKey(String id, String secret, Instant generated) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static AccessKey placeholder(Instant now) {
        return new AccessKey("", "", now.truncatedTo(ChronoUnit.SECONDS));
    }

    boolean isPlaceholder() {
        return id.isEmpty();
    }

    /** Reads a stored value; {@code field} names it in errors (never its content). */
    static AccessKey of(SecretValue value, String field) {
        JsonNode node;
        try {
            node = JSON.readTree(value.text());
        } catch (JsonProcessingException e) {
            throw invalid(field, "must be a JSON object {\"AccessKeyId\",\"AccessKeySecret\"}");
        }
        if (node == null || !node.isObject() || !node.path("AccessKeyId").isTextual()
                || !node.path("AccessKeySecret").isTextual()) {
            throw invalid(field, "must be a JSON object {\"AccessKeyId\",\"AccessKeySecret\"}");
        }
        Instant generated = null;
        if (node.path("GenerateTimestamp").isTextual()) {
            try {
                generated = Instant.parse(node.get("GenerateTimestamp").asText());
            } catch (RuntimeException e) {
                throw invalid(field + ".GenerateTimestamp", "must be an ISO-8601 UTC time such as 2024-01-01T00:00:00Z");
            }
        }
        return new AccessKey(node.get("AccessKeyId").asText(), node.get("AccessKeySecret").asText(), generated);
    }

    SecretValue toValue() {
        ObjectNode o = JSON.createObjectNode();
        o.put("AccessKeyId", id);
        o.put("AccessKeySecret", secret);
        if (generated != null) {
            o.put("GenerateTimestamp", generated.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return SecretValue.text(o.toString());
    }

    @Override
    public String toString() {
        return "AccessKey[" + id + "]";
    }
}
