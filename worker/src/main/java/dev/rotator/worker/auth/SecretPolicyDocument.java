package dev.rotator.worker.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.rotator.core.RotatorException.invalid;

/**
 * A secret policy (Get/SetSecretPolicy): grants or denies principals actions on the one secret it is
 * attached to.
 * <pre>
 * {"Version":"1",
 *  "Statement":[{"Sid":"readers",                       optional, at most 128 characters
 *                "Effect":"Allow",                      Allow | Deny
 *                "Principal":{"RAM":["RTAK…","ci-bot","acs:ram::*:user/ci-bot","*"]},
 *                "Action":["kms:GetSecretValue","kms:Describe*","kms:*"],
 *                "Resource":["*"]}]}
 * </pre>
 * A principal entry matches an AccessKeyId, a principal name, {@code acs:ram::<account>:user/<name>},
 * or everyone ({@code *}, {@code acs:ram::<account>:*}). Actions are {@code kms:<Name>}, with a trailing
 * {@code *} as a prefix wildcard, matched case-insensitively. Resource is {@code *}, the secret itself.
 * Deny wins over Allow. {@code Condition} is refused: we would not evaluate it.
 */
public final class SecretPolicyDocument {
    public static final int MAX_BYTES = 32_768;
    public static final int MAX_SID_LENGTH = 128;
    private static final int MAX_ENTRY_LENGTH = 256;
    private static final Pattern ACTION = Pattern.compile("kms:([A-Za-z]+\\*?|\\*)");
    private static final Pattern ANY_PRINCIPAL = Pattern.compile("acs:ram::[^:]*:\\*");
    private static final Pattern RAM_USER = Pattern.compile("acs:ram::[^:]*:user/(.+)");
    // In the order error messages list them.
    private static final List<String> TOP_FIELDS = List.of("Statement", "Version");
    private static final List<String> STATEMENT_FIELDS = List.of("Action", "Effect", "Principal", "Resource", "Sid");
    private static final PolicyJson POLICY_JSON = PolicyJson.atMostBytes(MAX_BYTES);

    public enum Effect { Allow, Deny }

    /** What a document says about one principal and action. */
    public enum Decision { ALLOW, DENY, NOT_MENTIONED }

    public record Statement(String sid, Effect effect, List<String> principals, List<String> actions) {
        boolean matches(Principal principal, String action) {
            return principals.stream().anyMatch(p -> principalMatches(p, principal))
                    && actions.stream().anyMatch(a -> actionMatches(a, action));
        }
    }

    private final List<Statement> statements;

    private SecretPolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    public List<Statement> statements() {
        return statements;
    }

    public Decision decide(Principal principal, String action) {
        Decision decision = Decision.NOT_MENTIONED;
        for (Statement s : statements) {
            if (s.matches(principal, action)) {
                if (s.effect() == Effect.Deny) {
                    return Decision.DENY;
                }
                decision = Decision.ALLOW;
            }
        }
        return decision;
    }

    /** Reads and checks a document; errors are InvalidParameter naming {@code Policy} and the rule. */
    public static SecretPolicyDocument parse(String json) {
        ObjectNode object = POLICY_JSON.read(json, "must be a JSON policy document");
        PolicyJson.onlyFields(object, TOP_FIELDS, "Policy");
        JsonNode version = object.get("Version");
        if (version == null || !version.isTextual() || !version.asText().equals("1")) {
            throw invalid("Policy.Version", "must be \"1\"");
        }
        JsonNode list = object.get("Statement");
        if (list == null || !list.isArray()) {
            throw invalid("Policy.Statement", "must be an array of statements");
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            statements.add(statement(list.get(i), "Policy.Statement[" + i + "]"));
        }
        return new SecretPolicyDocument(statements);
    }

    private static Statement statement(JsonNode node, String where) {
        if (!(node instanceof ObjectNode object)) {
            throw invalid(where, "must be a JSON object");
        }
        if (object.has("Condition")) {
            throw invalid(where + ".Condition", "is not supported");
        }
        PolicyJson.onlyFields(object, STATEMENT_FIELDS, where);
        JsonNode sid = object.get("Sid");
        if (sid != null && (!sid.isTextual() || sid.asText().length() > MAX_SID_LENGTH)) {
            throw invalid(where + ".Sid", "must be a string of at most " + MAX_SID_LENGTH + " characters");
        }
        JsonNode effect = object.get("Effect");
        if (effect == null || !effect.isTextual() || !Set.of("Allow", "Deny").contains(effect.asText())) {
            throw invalid(where + ".Effect", "must be Allow or Deny");
        }
        JsonNode principal = object.get("Principal");
        if (!(principal instanceof ObjectNode p) || p.size() != 1 || !p.has("RAM")) {
            throw invalid(where + ".Principal", "must be {\"RAM\":[...]}");
        }
        List<String> principals = strings(p.get("RAM"), where + ".Principal.RAM");
        List<String> actions = strings(object.get("Action"), where + ".Action");
        for (String action : actions) {
            if (!ACTION.matcher(action).matches()) {
                throw invalid(where + ".Action", "each must be kms:* or kms:<ActionName>, optionally ending in *");
            }
        }
        List<String> resources = strings(object.get("Resource"), where + ".Resource");
        if (!resources.stream().allMatch("*"::equals)) {
            throw invalid(where + ".Resource", "must be [\"*\"], the secret the policy is attached to");
        }
        return new Statement(sid == null ? null : sid.asText(), Effect.valueOf(effect.asText()), principals, actions);
    }

    /** A string or a non-empty array of strings, as RAM policies allow. */
    private static List<String> strings(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isTextual()) {
            out.add(node.asText());
        } else if (node != null && node.isArray()) {
            node.forEach(item -> out.add(item.isTextual() ? item.asText() : null));
        }
        if (out.isEmpty() || out.stream().anyMatch(s -> s == null || s.isEmpty() || s.length() > MAX_ENTRY_LENGTH)) {
            throw invalid(where, "must be a string or a non-empty array of strings of 1 to " + MAX_ENTRY_LENGTH
                    + " characters");
        }
        return out;
    }

    private static boolean principalMatches(String entry, Principal principal) {
        if (entry.equals("*") || ANY_PRINCIPAL.matcher(entry).matches()) {
            return true;
        }
        var user = RAM_USER.matcher(entry);
        String name = user.matches() ? user.group(1) : entry;
        return name.equals(principal.name()) || name.equals(principal.accessKeyId());
    }

    private static boolean actionMatches(String pattern, String action) {
        String wanted = pattern.substring("kms:".length()).toLowerCase(Locale.ROOT);
        String actual = action.toLowerCase(Locale.ROOT);
        return wanted.endsWith("*") ? actual.startsWith(wanted.substring(0, wanted.length() - 1)) : actual.equals(wanted);
    }
}
