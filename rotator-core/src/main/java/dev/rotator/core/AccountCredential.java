package dev.rotator.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static dev.rotator.core.RotatorException.invalid;

/**
 * One account login in the flat shape {@code {"AccountName","AccountPassword"}}: what the versions of Rds, Redis
 * and PolarDB secrets hold and GetSecretValue serves (reference/kms-secrets.md §1.4), and what the secrets holding
 * a target's management account hold. toString never shows the password.
 */
public record AccountCredential(String name, String password) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "must be a JSON object with the strings AccountName and AccountPassword";

    /** Reads a value of the flat shape; errors name the field, never the value. */
    public static AccountCredential parse(SecretValue value, String field) {
        try {
            return of(JSON.readTree(value.text()), field);
        } catch (JsonProcessingException e) {
            throw invalid(field, RULE);
        }
    }

    /** Reads one JSON object of the flat shape (an element of an import's {@code Accounts} array, too). */
    public static AccountCredential of(JsonNode node, String field) {
        if (node == null || !node.isObject() || !node.path("AccountName").isTextual()
                || !node.path("AccountPassword").isTextual()) {
            throw invalid(field, RULE);
        }
        return new AccountCredential(node.get("AccountName").asText(), node.get("AccountPassword").asText());
    }

    /** The value GetSecretValue serves. */
    public SecretValue value() {
        ObjectNode node = JSON.createObjectNode();
        node.put("AccountName", name);
        node.put("AccountPassword", password);
        try {
            // The mapper's own writer: JsonNode.toString builds a new one each call (a share of every rotation's CPU).
            return SecretValue.text(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("two strings always serialise", e);
        }
    }

    @Override
    public String toString() {
        return "AccountCredential[" + name + "]";
    }
}
