package dev.rotator.rds.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.SecretValue;

import java.io.UncheckedIOException;

/** Secret values of the Rds shapes, built and read with a JSON library (no string-built JSON in tests either). */
public final class Accounts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Accounts() {
    }

    public static SecretValue value(String name, String password) {
        return SecretValue.text(node(name, password).toString());
    }

    public static SecretValue imported(String name, String password) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("Accounts").add(node(name, password));
        return SecretValue.text(root.toString());
    }

    private static ObjectNode node(String name, String password) {
        ObjectNode n = JSON.createObjectNode();
        n.put("AccountName", name);
        n.put("AccountPassword", password);
        return n;
    }

    public static String name(SecretValue value) {
        return read(value).path("AccountName").asText();
    }

    public static String password(SecretValue value) {
        return read(value).path("AccountPassword").asText();
    }

    private static JsonNode read(SecretValue value) {
        try {
            return JSON.readTree(value.text());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
