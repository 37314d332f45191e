package dev.rotator.core.credential;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a generated password must look like on one target: its length, the character classes it
 * must contain (at least one character of each) and characters the target or its clients cannot
 * take (quotes for SQL, '@' ':' '/' for URLs, shell metacharacters …).
 */
public record CredentialPolicy(int length, Set<CharClass> required, String excluded) {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    /** A safe default for databases and URLs: 32 characters of all four classes, no quoting trouble. */
    public static final CredentialPolicy DEFAULT = new CredentialPolicy(32, EnumSet.allOf(CharClass.class),
            "\"'`\\/@:;?#%&=+ ");

    public CredentialPolicy {
        // Copied and read-only: a caller mutating its set (or the accessor's) must not break a checked policy.
        required = required == null || required.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(required));
        excluded = excluded == null ? "" : excluded;
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("PasswordLength: must be between " + MIN_LENGTH + " and " + MAX_LENGTH);
        }
        if (required.isEmpty()) {
            throw new IllegalArgumentException("character classes: at least one class must be included");
        }
        if (required.size() > length) {
            throw new IllegalArgumentException("PasswordLength: shorter than the number of required classes");
        }
        for (CharClass c : required) {
            if (c.alphabet(excluded).isEmpty()) {
                throw new IllegalArgumentException("ExcludeCharacters: leaves no character of class " + c);
            }
        }
    }

    public enum CharClass {
        LOWER("abcdefghijklmnopqrstuvwxyz"),
        UPPER("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        DIGIT("0123456789"),
        SYMBOL("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

        private final String characters;

        CharClass(String characters) {
            this.characters = characters;
        }

        /** This class's characters less the excluded ones. */
        public String alphabet(String excluded) {
            StringBuilder sb = new StringBuilder();
            for (char ch : characters.toCharArray()) {
                if (excluded.indexOf(ch) < 0) {
                    sb.append(ch);
                }
            }
            return sb.toString();
        }
    }
}
