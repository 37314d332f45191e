package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrincipalPolicyTest {
    @Test
    void aReaderPolicyReadsBackAsWritten() {
        PrincipalPolicy p = PrincipalPolicy.parse(
                "{\"Role\":\"reader\",\"Secrets\":[\"db/app\"],\"Prefixes\":[\"app/\"],\"Tags\":[\"env=prod\",\"team=a=b\"]}");
        assertThat(p.isAdmin()).isFalse();
        assertThat(p.tags()).containsExactlyInAnyOrder(new Tag("env", "prod"), new Tag("team", "a=b"));
        assertThat(PrincipalPolicy.parse(p.toJson())).isEqualTo(p);
        assertThat(PrincipalPolicy.parse("{\"Role\":\"admin\"}")).isEqualTo(PrincipalPolicy.admin());
    }

    @Test
    void aReaderIsCoveredByNamePrefixOrTagAndOnlyForReading() {
        PrincipalPolicy p = PrincipalPolicy.reader(List.of("db/app"), List.of("app/"), List.of(new Tag("env", "prod")));
        assertThat(p.covers("db/app", List::of)).isTrue();
        assertThat(p.covers("db/app2", List::of)).isFalse();
        assertThat(p.covers("app/x", List::of)).isTrue();
        assertThat(p.covers("other", () -> List.of(new Tag("env", "prod")))).isTrue();
        assertThat(p.covers("other", () -> List.of(new Tag("env", "dev")))).isFalse();
        assertThat(p.includes("GetSecretValue")).isTrue();
        assertThat(p.includes("DescribeSecret")).isTrue();
        assertThat(p.includes("ListSecrets")).isTrue();
        assertThat(p.includes("PutSecretValue")).isFalse();
    }

    @Test
    void badPoliciesNameTheFieldAndTheRule() {
        invalid("{\"Role\":\"owner\"}", "Policy.Role", "admin or reader");
        invalid("{\"Role\":\"reader\",\"Secrets\":\"db/app\"}", "Policy.Secrets", "array of strings");
        invalid("{\"Role\":\"reader\",\"Tags\":[\"env\"]}", "Policy.Tags", "key=value");
        invalid("{\"Role\":\"reader\",\"Who\":[]}", "Policy", "unknown field");
        invalid("{\"Role\":\"admin\",\"Secrets\":[\"x\"]}", "Policy", "admin policy has no");
        invalid("not json", "Policy", "valid JSON");
    }

    private static void invalid(String json, String field, String rule) {
        assertThatThrownBy(() -> PrincipalPolicy.parse(json)).isInstanceOfSatisfying(RotatorException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).startsWith(field + ": ").contains(rule);
        });
    }
}
