package dev.rotator.redis;

import dev.rotator.core.credential.CredentialPolicy;

import java.util.EnumSet;
import java.util.regex.Pattern;

import static dev.rotator.core.RotatorException.invalid;

/**
 * The rules for what reaches ACL SETUSER from outside: user names and passwords. Each travels as its own RESP
 * argument, so nothing can split it into two rules; these rules keep a name from being read as a rule at all (it
 * cannot start with '>', '~', '+', '%' ...) and a password from holding what ACL files and redis-cli mangle.
 */
final class AclInput {
    static final String CLONE_SUFFIX = "_clone";
    /** Leaves room for {@link #CLONE_SUFFIX} under 70 characters. */
    static final int MAX_NAME = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    /** Printable ASCII but space, '<' and '>'. */
    private static final Pattern PASSWORD = Pattern.compile("[!-;=?-~]{8,128}");
    /**
     * 32 characters of all four classes; beside the default's exclusions (quotes, URL and shell metacharacters,
     * space) no '<' or '>', which ACL rules use for adding and removing passwords.
     */
    static final CredentialPolicy PASSWORDS = new CredentialPolicy(32, EnumSet.allOf(CredentialPolicy.CharClass.class),
            CredentialPolicy.DEFAULT.excluded() + "<>");

    private AclInput() {
    }

    /** An account name: a letter, then letters, digits, '_', '.' or '-'; at most 64 (70 with the clone suffix). */
    static void checkName(String field, String name, int max) {
        if (name == null || name.isEmpty()) {
            throw invalid(field, "is required");
        }
        if (name.length() > max || !NAME.matcher(name).matches()) {
            throw invalid(field, "must be 1 to " + max + " letters, digits, '_', '.' or '-', starting with a letter");
        }
        if (name.equals("default")) {
            throw invalid(field, "must not be 'default' (the server's own user)");
        }
    }

    /** A password the rotator sets: 8 to 128 printable ASCII characters, no space, '<' or '>'. */
    static void checkPassword(String field, String password) {
        if (password == null || !PASSWORD.matcher(password).matches()) {
            throw invalid(field, "must be 8 to 128 printable ASCII characters without space, '<' or '>'");
        }
    }

    static String cloneOf(String primary) {
        return primary + CLONE_SUFFIX;
    }
}
