package dev.rotator.core.credential;

import dev.rotator.core.credential.CredentialPolicy.CharClass;

import java.util.EnumSet;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * GetRandomPassword's parameters. Defaults (what the wire layer passes when a parameter is absent):
 * length 32, nothing excluded, {@code requireEachIncludedType} true. "Punctuation" is the ASCII
 * punctuation {@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}, as Alibaba lists it.
 *
 * @param passwordLength {@code null} for 32
 */
public record RandomPasswordRequest(Integer passwordLength, String excludeCharacters, boolean excludeLowercase,
                                    boolean excludeUppercase, boolean excludeNumbers, boolean excludePunctuation,
                                    boolean requireEachIncludedType) {
    public static final int DEFAULT_LENGTH = 32;

    public static RandomPasswordRequest defaults() {
        return new RandomPasswordRequest(null, null, false, false, false, false, true);
    }

    /**
     * The credential policy these parameters describe. A class whose every character is excluded is refused
     * when each included class is required, and otherwise simply not used.
     */
    public CredentialPolicy policy() {
        int length = passwordLength == null ? DEFAULT_LENGTH : passwordLength;
        if (length < CredentialPolicy.MIN_LENGTH || length > CredentialPolicy.MAX_LENGTH) {
            throw invalid("PasswordLength", "must be between " + CredentialPolicy.MIN_LENGTH + " and "
                    + CredentialPolicy.MAX_LENGTH);
        }
        String excluded = excludeCharacters == null ? "" : excludeCharacters;
        Set<CharClass> classes = EnumSet.noneOf(CharClass.class);
        include(classes, CharClass.LOWER, excludeLowercase);
        include(classes, CharClass.UPPER, excludeUppercase);
        include(classes, CharClass.DIGIT, excludeNumbers);
        include(classes, CharClass.SYMBOL, excludePunctuation);
        if (classes.isEmpty()) {
            throw invalid("ExcludeLowercase, ExcludeUppercase, ExcludeNumbers, ExcludePunctuation",
                    "at least one character type must stay included");
        }
        for (CharClass c : Set.copyOf(classes)) {
            if (c.alphabet(excluded).isEmpty()) {
                if (requireEachIncludedType) {
                    throw invalid("ExcludeCharacters", "excludes every character of an included type (" + c
                            + "); exclude the type itself or set RequireEachIncludedType to false");
                }
                classes.remove(c);
            }
        }
        if (classes.isEmpty()) {
            throw invalid("ExcludeCharacters", "excludes every character of the included types");
        }
        return new CredentialPolicy(length, classes, excluded);
    }

    private static void include(Set<CharClass> classes, CharClass c, boolean excluded) {
        if (!excluded) {
            classes.add(c);
        }
    }
}
