package dev.rotator.core.credential;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Generates passwords on {@link SecureRandom} that meet a {@link CredentialPolicy}. Thread-safe. */
public final class CredentialGenerator {
    /** Policies whose alphabets are kept: the rotators' few constants, and room for some GetRandomPassword ones. */
    private static final int KEPT_POLICIES = 32;

    private final SecureRandom random;
    private final Map<CredentialPolicy, Alphabets> alphabets = new ConcurrentHashMap<>();

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
        Alphabets a = alphabetsOf(policy);
        char[] chars = new char[policy.length()];
        int n = 0;
        // One character of each required class first, so every class is present; the rest from all of them.
        if (eachClass) {
            for (String alphabet : a.perClass()) {
                chars[n++] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
        }
        while (n < chars.length) {
            chars[n++] = a.all().charAt(random.nextInt(a.all().length()));
        }
        // Collections.shuffle's own steps (same draws, same swaps), on the array instead of a list of boxed chars.
        for (int i = chars.length; i > 1; i--) {
            int j = random.nextInt(i);
            char c = chars[i - 1];
            chars[i - 1] = chars[j];
            chars[j] = c;
        }
        return new String(chars);
    }

    /** Built once per policy: each password rebuilt every class's alphabet (a scan of the excluded characters each). */
    private Alphabets alphabetsOf(CredentialPolicy policy) {
        Alphabets a = alphabets.get(policy);
        if (a == null) {
            a = Alphabets.of(policy);
            if (alphabets.size() < KEPT_POLICIES) {
                alphabets.putIfAbsent(policy, a);
            }
        }
        return a;
    }

    /** Each required class's characters less the excluded ones, in the policy's class order, and all of them. */
    private record Alphabets(List<String> perClass, String all) {
        static Alphabets of(CredentialPolicy policy) {
            List<String> perClass = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (CredentialPolicy.CharClass c : policy.required()) {
                String alphabet = c.alphabet(policy.excluded());
                perClass.add(alphabet);
                all.append(alphabet);
            }
            return new Alphabets(List.copyOf(perClass), all.toString());
        }
    }
}
