package dev.rotator.core.credential;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Generates passwords on {@link SecureRandom} that meet a {@link CredentialPolicy}. Thread-safe. */
public final class CredentialGenerator {
    private final SecureRandom random;

    public CredentialGenerator() {
        this(new SecureRandom());
    }

    public CredentialGenerator(SecureRandom random) {
        this.random = random;
    }

    public String generate(CredentialPolicy policy) {
        return generate(policy, true);
    }

    /**
     * A password from the policy's classes; with {@code eachClass} false a class may happen to be missing
     * (GetRandomPassword's RequireEachIncludedType=false).
     */
    public String generate(CredentialPolicy policy, boolean eachClass) {
        List<Character> chars = new ArrayList<>(policy.length());
        StringBuilder all = new StringBuilder();
        // One character of each required class first, so every class is present; the rest from all of them.
        for (CredentialPolicy.CharClass c : policy.required()) {
            String alphabet = c.alphabet(policy.excluded());
            all.append(alphabet);
            if (eachClass) {
                chars.add(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        while (chars.size() < policy.length()) {
            chars.add(all.charAt(random.nextInt(all.length())));
        }
        Collections.shuffle(chars, random);
        StringBuilder sb = new StringBuilder(chars.size());
        chars.forEach(sb::append);
        return sb.toString();
    }
}
