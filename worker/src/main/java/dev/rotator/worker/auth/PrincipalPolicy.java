package dev.rotator.worker.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.Tag;
import dev.rotator.core.validation.SecretRules;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static dev.rotator.core.RotatorException.invalid;

/**
 * What a principal may do on its own (secret policies may grant more, see {@link Authorizer}).
 *
 * <p>Stored and given by operators as JSON:
 * <pre>
 * {"Role":"admin"}                                   everything
 * {"Role":"reader",                                  GetSecretValue, DescribeSecret, ListSecrets on:
 *  "Secrets":["db/app"],                               these secret names,
 *  "Prefixes":["app/"],                                names starting with these,
 *  "Tags":["env=prod"]}                                secrets carrying one of these tags (key=value)
 * </pre>
 * A reader's selectors are OR-ed; a reader without any is granted nothing here.
 */
public record PrincipalPolicy(Role role, Set<String> secrets, Set<String> prefixes, Set<Tag> tags) {
    public static final int MAX_JSON_LENGTH = 4_000;
    /** The actions a reader's role includes. */
    public static final Set<String> READER_ACTIONS = Set.of("GetSecretValue", "DescribeSecret", "ListSecrets");

    private static final PolicyJson POLICY_JSON = PolicyJson.atMostCharacters(MAX_JSON_LENGTH);
    private static final List<String> FIELDS = List.of("Role", "Secrets", "Prefixes", "Tags");

    public enum Role { ADMIN, READER }

    public PrincipalPolicy {
        secrets = Set.copyOf(secrets);
        prefixes = Set.copyOf(prefixes);
        tags = Set.copyOf(tags);
    }

    public static PrincipalPolicy admin() {
        return new PrincipalPolicy(Role.ADMIN, Set.of(), Set.of(), Set.of());
    }

    public static PrincipalPolicy reader(Collection<String> secrets, Collection<String> prefixes, Collection<Tag> tags) {
        return new PrincipalPolicy(Role.READER, new LinkedHashSet<>(secrets), new LinkedHashSet<>(prefixes),
                new LinkedHashSet<>(tags));
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether the role includes the action at all (for a reader: on the secrets its selectors cover). */
    public boolean includes(String action) {
        return isAdmin() || READER_ACTIONS.contains(action);
    }

    /** Whether the selectors cover the secret; tags are only fetched when names and prefixes do not decide. */
    public boolean covers(String secretName, Supplier<List<Tag>> secretTags) {
        if (isAdmin() || secrets.contains(secretName)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (secretName.startsWith(prefix)) {
                return true;
            }
        }
        return !tags.isEmpty() && secretTags.get().stream().anyMatch(tags::contains);
    }

    /** Reads a policy; errors name {@code Policy} and the rule. */
    public static PrincipalPolicy parse(String json) {
        ObjectNode object = POLICY_JSON.read(json,
                "must be a JSON object such as {\"Role\":\"reader\",\"Prefixes\":[\"app/\"]}");
        PolicyJson.onlyFields(object, FIELDS, "Policy");
        JsonNode role = object.get("Role");
        if (role != null && role.isTextual() && role.asText().equals("admin")) {
            if (object.size() > 1) {
                throw invalid("Policy", "an admin policy has no Secrets, Prefixes or Tags");
            }
            return admin();
        }
        if (role == null || !role.isTextual() || !role.asText().equals("reader")) {
            throw invalid("Policy.Role", "must be admin or reader");
        }
        Set<String> names = strings(object, "Secrets", SecretRules.MAX_NAME_LENGTH);
        Set<String> prefixes = strings(object, "Prefixes", SecretRules.MAX_NAME_LENGTH);
        Set<Tag> tags = new LinkedHashSet<>();
        for (String pair : strings(object, "Tags", 2 * SecretRules.MAX_TAG_LENGTH + 1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq > SecretRules.MAX_TAG_LENGTH || pair.length() - eq - 1 > SecretRules.MAX_TAG_LENGTH) {
                throw invalid("Policy.Tags", "each must be key=value, key 1 to " + SecretRules.MAX_TAG_LENGTH
                        + " characters, value at most " + SecretRules.MAX_TAG_LENGTH);
            }
            tags.add(new Tag(pair.substring(0, eq), pair.substring(eq + 1)));
        }
        return reader(names, prefixes, tags);
    }

    private static Set<String> strings(ObjectNode object, String field, int maxLength) {
        JsonNode node = object.get(field);
        Set<String> out = new LinkedHashSet<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof ArrayNode array)) {
            throw invalid("Policy." + field, "must be an array of strings");
        }
        for (JsonNode item : array) {
            if (!item.isTextual() || item.asText().isEmpty() || item.asText().length() > maxLength) {
                throw invalid("Policy." + field, "each must be a string of 1 to " + maxLength + " characters");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** The stored form, which {@link #parse} reads back. */
    public String toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("Role", isAdmin() ? "admin" : "reader");
        if (!isAdmin()) {
            secrets.stream().sorted().forEach(root.putArray("Secrets")::add);
            prefixes.stream().sorted().forEach(root.putArray("Prefixes")::add);
            tags.stream().map(t -> t.key() + "=" + t.value()).sorted().forEach(root.putArray("Tags")::add);
        }
        return root.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
