package dev.rotator.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.SecretValue;

import java.util.Optional;
import java.util.regex.Pattern;

import static dev.rotator.core.RotatorException.invalid;

/**
 * One SSH login as an ECS secret value holds it (reference/kms-secrets.md §1.3/1.4): {@code {"UserName","Password"}}
 * or {@code {"UserName","PublicKey","PrivateKey"}}; the management login of a host target has the same form.
 * toString shows the user name only.
 *
 * @param password   set for a password login
 * @param publicKey  set for a key pair: one {@code authorized_keys} line ({@code ssh-ed25519 AAAA... comment})
 * @param privateKey set for a key pair: PEM or OpenSSH format
 */
public record EcsLogin(String userName, Optional<String> password, Optional<String> publicKey,
                       Optional<String> privateKey) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Linux user names (useradd's rule, upper case allowed): no character a shell or chpasswd treats specially. */
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,31}");

    public static EcsLogin password(String userName, String password) {
        return new EcsLogin(userName, Optional.of(password), Optional.empty(), Optional.empty());
    }

    public static EcsLogin keyPair(String userName, String publicKey, String privateKey) {
        return new EcsLogin(userName, Optional.empty(), Optional.of(publicKey), Optional.of(privateKey));
    }

    /** Reads either form; errors name {@code field} and the rule, never the value. */
    public static EcsLogin parse(SecretValue value, String field) {
        JsonNode node;
        try {
            node = JSON.readTree(value.text());
        } catch (JsonProcessingException e) {
            throw invalid(field, "must be a JSON object {\"UserName\",\"Password\"} or "
                    + "{\"UserName\",\"PublicKey\",\"PrivateKey\"}");
        }
        if (node == null || !node.isObject()) {
            throw invalid(field, "must be a JSON object {\"UserName\",\"Password\"} or "
                    + "{\"UserName\",\"PublicKey\",\"PrivateKey\"}");
        }
        String user = text(node, field, "UserName");
        checkUserName(field + ".UserName", user);
        if (node.has("Password")) {
            String password = text(node, field, "Password");
            checkLine(field + ".Password", password);
            return password(user, password);
        }
        if (node.has("PublicKey") || node.has("PrivateKey")) {
            return keyPair(user, text(node, field, "PublicKey").trim(), text(node, field, "PrivateKey"));
        }
        throw invalid(field, "must hold Password, or PublicKey and PrivateKey");
    }

    static void checkUserName(String field, String user) {
        if (!USER.matcher(user).matches()) {
            throw invalid(field, "must be a Linux user name: a letter or '_', then letters, digits, '.', '_' or '-',"
                    + " at most 32");
        }
    }

    /** A password travels on one line of a command's standard input: no line break, no NUL. */
    static void checkLine(String field, String password) {
        if (password.isEmpty() || password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0
                || password.indexOf('\0') >= 0) {
            throw invalid(field, "must be non-empty, without line breaks or NUL characters");
        }
    }

    private static String text(JsonNode node, String field, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw invalid(field + "." + key, "is required (a non-empty string)");
        }
        return v.asText();
    }

    public boolean isKeyPair() {
        return publicKey.isPresent();
    }

    /** The value GetSecretValue serves. */
    public SecretValue value() {
        ObjectNode node = JSON.createObjectNode();
        node.put("UserName", userName);
        password.ifPresent(p -> node.put("Password", p));
        publicKey.ifPresent(k -> node.put("PublicKey", k));
        privateKey.ifPresent(k -> node.put("PrivateKey", k));
        return SecretValue.text(node.toString());
    }

    @Override
    public String toString() {
        return "EcsLogin[" + userName + (isKeyPair() ? ", key pair" : ", password") + "]";
    }
}
