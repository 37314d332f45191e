package dev.rotator.rds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.AccountCredential;
import dev.rotator.core.SecretValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.rotator.core.RotatorException.invalid;

/**
 * One database login. Read from the value shapes an Rds secret holds: {@code $Auto} (no account yet: the first
 * rotation creates it), the import shape {@code {"Accounts":[{"AccountName","AccountPassword"}]}} and the flat
 * {@code {"AccountName","AccountPassword"}} that rotations write. toString never shows the password.
 */
record Account(String name, String password) {
    static final String AUTO = "$Auto";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The accounts a value holds, in order; none for {@code $Auto}. Errors name the field, never the value. */
    static List<Account> in(SecretValue value, String field) {
        String text = value.text().trim();
        if (AUTO.equals(text)) {
            return List.of();
        }
        Optional<AccountCredential> flat = AccountCredential.readFlat(text); // what rotations write: no tree needed
        if (flat.isPresent()) {
            return List.of(new Account(flat.get().name(), flat.get().password()));
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(field, "must be $Auto or a JSON object with AccountName and AccountPassword");
        }
        List<Account> out = new ArrayList<>();
        if (root != null && root.has("Accounts") && root.get("Accounts").isArray()) {
            int i = 0;
            for (JsonNode a : root.get("Accounts")) {
                out.add(of(a, field + ".Accounts[" + i++ + "]"));
            }
        } else {
            out.add(of(root, field));
        }
        if (out.isEmpty()) {
            throw invalid(field + ".Accounts", "must hold at least one account");
        }
        return out;
    }

    private static Account of(JsonNode node, String field) {
        AccountCredential c = AccountCredential.of(node, field);
        return new Account(c.name(), c.password());
    }

    /** The flat value GetSecretValue serves. */
    SecretValue value() {
        return new AccountCredential(name, password).value();
    }

    @Override
    public String toString() {
        return "Account[" + name + "]";
    }
}
