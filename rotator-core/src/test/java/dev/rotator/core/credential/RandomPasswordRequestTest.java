package dev.rotator.core.credential;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.credential.CredentialPolicy.CharClass;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GetRandomPassword's parameters turned into passwords. */
class RandomPasswordRequestTest {
    private static final String DIGITS = CharClass.DIGIT.alphabet("");
    private final CredentialGenerator generator = new CredentialGenerator();

    private String password(RandomPasswordRequest r) {
        return generator.generate(r.policy(), r.requireEachIncludedType());
    }

    private static void refused(RandomPasswordRequest r, String field) {
        assertThatThrownBy(r::policy).isInstanceOfSatisfying(RotatorException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).startsWith(field + ":");
        });
    }

    @Test
    void defaultsAre32CharactersOfEveryType() {
        for (int i = 0; i < 200; i++) {
            String p = password(RandomPasswordRequest.defaults());
            assertThat(p).hasSize(32);
            for (CharClass c : CharClass.values()) {
                assertThat(p.chars().anyMatch(ch -> c.alphabet("").indexOf(ch) >= 0)).as("%s present", c).isTrue();
            }
        }
    }

    @Test
    void excludedTypesAndCharactersNeverAppear() {
        RandomPasswordRequest r = new RandomPasswordRequest(8, "abc", false, true, false, true, true);
        for (int i = 0; i < 500; i++) {
            String p = password(r);
            assertThat(p).hasSize(8).matches("[d-z0-9]+");
            assertThat(p.chars().anyMatch(ch -> DIGITS.indexOf(ch) >= 0)).isTrue();
        }
    }

    @Test
    void withoutRequireEachTypeAFullyExcludedTypeIsDroppedInsteadOfRefused() {
        RandomPasswordRequest strict = new RandomPasswordRequest(16, DIGITS, false, false, false, false, true);
        refused(strict, "ExcludeCharacters");
        RandomPasswordRequest lenient = new RandomPasswordRequest(16, DIGITS, false, false, false, false, false);
        assertThat(lenient.policy().required()).isEqualTo(Set.of(CharClass.LOWER, CharClass.UPPER, CharClass.SYMBOL));
        assertThat(password(lenient)).hasSize(16).doesNotContainPattern("[0-9]");
    }

    @Test
    void withoutRequireEachTypeNotEveryTypeIsForced() {
        // 8 characters from digits and lowercase: all-digit passwords happen (p = (10/36)^8 each), forced ones never.
        RandomPasswordRequest r = new RandomPasswordRequest(8, null, false, true, false, true, false);
        boolean missingAType = false;
        for (int i = 0; i < 200_000 && !missingAType; i++) {
            String p = password(r);
            missingAType = p.chars().allMatch(Character::isDigit) || p.chars().allMatch(Character::isLowerCase);
        }
        assertThat(missingAType).isTrue();
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        refused(new RandomPasswordRequest(7, null, false, false, false, false, true), "PasswordLength");
        refused(new RandomPasswordRequest(129, null, false, false, false, false, true), "PasswordLength");
        refused(new RandomPasswordRequest(null, null, true, true, true, true, true),
                "ExcludeLowercase, ExcludeUppercase, ExcludeNumbers, ExcludePunctuation");
        assertThat(password(new RandomPasswordRequest(128, null, false, false, false, false, true))).hasSize(128);
    }
}
