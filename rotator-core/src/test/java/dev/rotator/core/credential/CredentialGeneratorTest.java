package dev.rotator.core.credential;

import dev.rotator.core.credential.CredentialPolicy.CharClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialGeneratorTest {
    private static final int SAMPLES = 2_000;
    private final CredentialGenerator generator = new CredentialGenerator();

    static Stream<CredentialPolicy> policies() {
        return Stream.of(
                CredentialPolicy.DEFAULT,
                new CredentialPolicy(8, EnumSet.allOf(CharClass.class), ""),
                new CredentialPolicy(128, EnumSet.allOf(CharClass.class), "\"'`\\"),
                new CredentialPolicy(16, EnumSet.of(CharClass.LOWER, CharClass.DIGIT), "lo01"),
                new CredentialPolicy(12, EnumSet.of(CharClass.UPPER), "ABCDEFGHIJKLMNOPQRSTUVWXY"), // only Z left
                new CredentialPolicy(20, EnumSet.of(CharClass.SYMBOL, CharClass.DIGIT), "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}"));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void everyPasswordMeetsItsPolicy(CredentialPolicy policy) {
        Set<Character> allowed = new HashSet<>();
        policy.required().forEach(c -> c.alphabet(policy.excluded()).chars().forEach(ch -> allowed.add((char) ch)));
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            String password = generator.generate(policy);
            assertThat(password).hasSize(policy.length());
            for (CharClass c : policy.required()) {
                assertThat(password.chars().anyMatch(ch -> c.alphabet(policy.excluded()).indexOf(ch) >= 0))
                        .as("%s present in a password of policy %s", c, policy).isTrue();
            }
            for (char ch : password.toCharArray()) {
                assertThat(policy.excluded().indexOf(ch)).as("excluded character %s", ch).isNegative();
                assertThat(allowed).contains(ch);
                seen.add(ch);
            }
        }
        // Over 2,000 passwords every allowed character shows up: nothing is silently left out.
        assertThat(seen).isEqualTo(allowed);
    }

    /** The same draws from the same random source give the same password as the list-and-shuffle version did. */
    @ParameterizedTest
    @MethodSource("policies")
    void drawsAsTheFirstVersionDid(CredentialPolicy policy) throws Exception {
        for (boolean eachClass : new boolean[] {true, false}) {
            CredentialGenerator now = new CredentialGenerator(seeded());
            SecureRandom before = seeded();
            for (int i = 0; i < 200; i++) {
                assertThat(now.generate(policy, eachClass)).isEqualTo(firstVersion(before, policy, eachClass));
            }
        }
    }

    /** More policies than the generator keeps alphabets for: each password still follows its own. */
    @Test
    void manyPoliciesOnOneGenerator() {
        for (int round = 0; round < 2; round++) {
            for (int length = 8; length <= 60; length++) {
                int from = length % 9;
                CredentialPolicy policy = new CredentialPolicy(length, EnumSet.of(CharClass.DIGIT),
                        "012345678".substring(0, from));
                assertThat(generator.generate(policy)).hasSize(length).matches("[" + from + "-9]+");
            }
        }
    }

    private static SecureRandom seeded() throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed("a fixed seed, for a repeatable sequence".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static String firstVersion(SecureRandom random, CredentialPolicy policy, boolean eachClass) {
        List<Character> chars = new ArrayList<>(policy.length());
        StringBuilder all = new StringBuilder();
        for (CharClass c : policy.required()) {
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

    @Test
    void passwordsDiffer() {
        Set<String> passwords = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            passwords.add(generator.generate(CredentialPolicy.DEFAULT));
        }
        assertThat(passwords).hasSize(SAMPLES);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 128})
    void lengthBoundsAccepted(int length) {
        assertThat(generator.generate(new CredentialPolicy(length, EnumSet.allOf(CharClass.class), null))).hasSize(length);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 7, 129, 1_000})
    void lengthOutOf8To128Refused(int length) {
        assertThatThrownBy(() -> new CredentialPolicy(length, EnumSet.allOf(CharClass.class), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PasswordLength");
    }

    @Test
    void noClassRefused() {
        assertThatThrownBy(() -> new CredentialPolicy(16, EnumSet.noneOf(CharClass.class), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one class");
        assertThatThrownBy(() -> new CredentialPolicy(16, null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one class");
    }

    @Test
    void fullyExcludedClassRefused() {
        assertThatThrownBy(() -> new CredentialPolicy(16, EnumSet.of(CharClass.LOWER, CharClass.DIGIT), "0123456789"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DIGIT");
        assertThatThrownBy(() -> new CredentialPolicy(16, EnumSet.of(CharClass.SYMBOL), "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SYMBOL");
    }

    @Test
    void policyCannotBeChangedAfterTheChecks() {
        EnumSet<CharClass> classes = EnumSet.of(CharClass.LOWER);
        CredentialPolicy policy = new CredentialPolicy(10, classes, "");
        classes.add(CharClass.DIGIT); // the caller's set is copied
        assertThat(policy.required()).containsExactly(CharClass.LOWER);
        assertThatThrownBy(() -> policy.required().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void defaultPolicyAvoidsQuotingTrouble() {
        for (int i = 0; i < SAMPLES; i++) {
            assertThat(generator.generate(CredentialPolicy.DEFAULT)).doesNotContainPattern("[\"'`\\\\/@:;?#%&=+ ]");
        }
    }
}
