package dev.rotator.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Optional;

import static dev.rotator.core.RotatorException.invalid;

/**
 * One account login in the flat shape {@code {"AccountName","AccountPassword"}}: what the versions of Rds, Redis
 * and PolarDB secrets hold and GetSecretValue serves (reference/kms-secrets.md §1.4), and what the secrets holding
 * a target's management account hold. toString never shows the password.
 */
public record AccountCredential(String name, String password) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Built once: the mapper's readTree makes a deserialization context and looks up its deserializer each call. */
    private static final ObjectReader TREE = JSON.readerFor(JsonNode.class);
    private static final String NAME = "AccountName";
    private static final String PASSWORD = "AccountPassword";
    private static final String RULE = "must be a JSON object with the strings AccountName and AccountPassword";

    /** Reads a value of the flat shape; errors name the field, never the value. */
    public static AccountCredential parse(SecretValue value, String field) {
        String text = value.text();
        Optional<AccountCredential> flat = readFlat(text);
        if (flat.isPresent()) {
            return flat.get();
        }
        try {
            return of(TREE.readTree(text), field);
        } catch (JsonProcessingException e) {
            throw invalid(field, RULE);
        }
    }

    /**
     * The common case read token by token, without a tree: exactly one object holding the strings AccountName and
     * AccountPassword once each and nothing else (what {@link #value()} writes). Empty for any other text, even a
     * valid one (more fields, another shape, a repeated key, broken JSON): the tree reading then decides, so both
     * ways give the same answer. What follows the object is not read, as a tree reading does not read it either.
     */
    public static Optional<AccountCredential> readFlat(String json) {
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String name = null;
            String password = null;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return Optional.empty();
                }
                if (key.equals(NAME) && name == null) {
                    name = p.getText();
                } else if (key.equals(PASSWORD) && password == null) {
                    password = p.getText();
                } else {
                    return Optional.empty();
                }
            }
            return token == JsonToken.END_OBJECT && name != null && password != null
                    ? Optional.of(new AccountCredential(name, password)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads one JSON object of the flat shape (an element of an import's {@code Accounts} array, too). */
    public static AccountCredential of(JsonNode node, String field) {
        if (node == null || !node.isObject() || !node.path(NAME).isTextual() || !node.path(PASSWORD).isTextual()) {
            throw invalid(field, RULE);
        }
        return new AccountCredential(node.get(NAME).asText(), node.get(PASSWORD).asText());
    }

    /** The value GetSecretValue serves. */
    public SecretValue value() {
        // Two string fields written straight to the mapper's generator: the same text as writing an ObjectNode of
        // them (same factory, same escaping), without a tree and a serializer provider per call.
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(NAME, name);
            g.writeStringField(PASSWORD, password);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("two strings always serialise", e);
        }
        return SecretValue.text(out.toString());
    }

    @Override
    public String toString() {
        return "AccountCredential[" + name + "]";
    }
}
