package dev.rotator.worker.rds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A database login as an Rds secret's value holds it, read and written with a JSON library; toString hides the password. */
public record Login(String name, String password) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The flat {@code {"AccountName","AccountPassword"}} GetSecretValue serves. */
    public static Login of(String secretData) {
        try {
            JsonNode n = JSON.readTree(secretData);
            return new Login(n.path("AccountName").asText(), n.path("AccountPassword").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("not the flat Rds value shape", e);
        }
    }

    /** The import shape of CreateSecret's SecretData: {@code {"Accounts":[{"AccountName","AccountPassword"}]}}. */
    public String imported() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode account = root.putArray("Accounts").addObject();
        account.put("AccountName", name);
        account.put("AccountPassword", password);
        return root.toString();
    }

    @Override
    public String toString() {
        return "Login[" + name + "]";
    }
}
