package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.auth.SecretPolicyDocument.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretPolicyDocumentTest {
    private static final Principal CI = new Principal("RTAKCI000000000000", "ci-bot", PrincipalPolicy.reader(
            java.util.List.of(), java.util.List.of(), java.util.List.of()));
    private static final Principal OTHER = new Principal("RTAKOTHER000000000", "other", CI.policy());

    private static String doc(String statements) {
        return "{\"Version\":\"1\",\"Statement\":[" + statements + "]}";
    }

    private static String statement(String effect, String principals, String actions) {
        return "{\"Sid\":\"s\",\"Effect\":\"" + effect + "\",\"Principal\":{\"RAM\":[" + principals + "]},\"Action\":["
                + actions + "],\"Resource\":[\"*\"]}";
    }

    @Test
    void anAllowNamesPrincipalsByNameKeyIdOrRamUserArn() {
        for (String who : new String[] {"\"ci-bot\"", "\"RTAKCI000000000000\"", "\"acs:ram::123456:user/ci-bot\""}) {
            SecretPolicyDocument d = SecretPolicyDocument.parse(doc(statement("Allow", who, "\"kms:GetSecretValue\"")));
            assertThat(d.decide(CI, "GetSecretValue")).isEqualTo(Decision.ALLOW);
            assertThat(d.decide(CI, "PutSecretValue")).isEqualTo(Decision.NOT_MENTIONED);
            assertThat(d.decide(OTHER, "GetSecretValue")).isEqualTo(Decision.NOT_MENTIONED);
        }
    }

    @Test
    void wildcardsCoverEveryoneAndActionPrefixes() {
        SecretPolicyDocument everyone = SecretPolicyDocument.parse(doc(statement("Allow", "\"*\"", "\"kms:*\"")));
        assertThat(everyone.decide(OTHER, "DeleteSecret")).isEqualTo(Decision.ALLOW);
        SecretPolicyDocument account = SecretPolicyDocument.parse(doc(statement("Allow", "\"acs:ram::123:*\"", "\"kms:Describe*\"")));
        assertThat(account.decide(OTHER, "DescribeSecret")).isEqualTo(Decision.ALLOW);
        assertThat(account.decide(OTHER, "GetSecretValue")).isEqualTo(Decision.NOT_MENTIONED);
        SecretPolicyDocument lowerCase = SecretPolicyDocument.parse(doc(statement("Allow", "\"ci-bot\"", "\"kms:getsecretvalue\"")));
        assertThat(lowerCase.decide(CI, "GetSecretValue")).isEqualTo(Decision.ALLOW);
    }

    @Test
    void denyWinsWhateverTheOrder() {
        SecretPolicyDocument d = SecretPolicyDocument.parse(doc(statement("Deny", "\"ci-bot\"", "\"kms:GetSecretValue\"") + ","
                + statement("Allow", "\"*\"", "\"kms:*\"")));
        assertThat(d.decide(CI, "GetSecretValue")).isEqualTo(Decision.DENY);
        assertThat(d.decide(CI, "DescribeSecret")).isEqualTo(Decision.ALLOW);
        assertThat(d.decide(OTHER, "GetSecretValue")).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aSingleStringStandsForAOneElementList() {
        SecretPolicyDocument d = SecretPolicyDocument.parse("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"RAM\":\"ci-bot\"},\"Action\":\"kms:GetSecretValue\",\"Resource\":\"*\"}]}");
        assertThat(d.decide(CI, "GetSecretValue")).isEqualTo(Decision.ALLOW);
    }

    @Test
    void eachRuleIsCheckedAndNamed() {
        String ok = statement("Allow", "\"*\"", "\"kms:*\"");
        invalid("", "Policy", "JSON policy document");
        invalid("[1]", "Policy", "JSON object");
        invalid("{\"Version\":\"1\",", "Policy", "valid JSON");
        invalid("{\"Version\":\"2\",\"Statement\":[" + ok + "]}", "Policy.Version", "\"1\"");
        invalid("{\"Version\":\"1\"}", "Policy.Statement", "array");
        invalid("{\"Version\":\"1\",\"Statement\":[],\"Extra\":1}", "Policy", "unknown field");
        invalid("{\"Version\":\"1\",\"Version\":\"1\",\"Statement\":[]}", "Policy", "valid JSON");
        invalid(doc(ok.replace("\"Allow\"", "\"Permit\"")), "Policy.Statement[0].Effect", "Allow or Deny");
        invalid(doc(ok + "," + ok.replace("{\"RAM\":[\"*\"]}", "{\"Service\":[\"x\"]}")), "Policy.Statement[1].Principal", "RAM");
        invalid(doc(ok.replace("[\"*\"]},", "[]},")), "Policy.Statement[0].Principal.RAM", "non-empty");
        invalid(doc(ok.replace("\"kms:*\"", "\"ecs:*\"")), "Policy.Statement[0].Action", "kms:");
        invalid(doc(ok.replace("\"kms:*\"", "\"kms:Get Secret\"")), "Policy.Statement[0].Action", "kms:");
        invalid(doc(ok.replace("\"Resource\":[\"*\"]", "\"Resource\":[\"acs:kms:*:*:secret/x\"]")),
                "Policy.Statement[0].Resource", "[\"*\"]");
        invalid(doc(ok.replace("\"Sid\":\"s\"", "\"Sid\":\"" + "x".repeat(129) + "\"")), "Policy.Statement[0].Sid", "128");
        invalid(doc(ok.replace("\"Resource\"", "\"Condition\":{},\"Resource\"")), "Policy.Statement[0].Condition", "not supported");
        String big = doc(ok + ("," + ok).repeat(32_768 / ok.length()));
        invalid(big, "Policy", "32768 bytes");
    }

    @Test
    void aSidOf128CharactersAndAnEmptyStatementListAreFine() {
        SecretPolicyDocument.parse(doc(statement("Allow", "\"*\"", "\"kms:*\"").replace("\"Sid\":\"s\"",
                "\"Sid\":\"" + "x".repeat(128) + "\"")));
        assertThat(SecretPolicyDocument.parse(doc("")).decide(CI, "GetSecretValue")).isEqualTo(Decision.NOT_MENTIONED);
    }

    private static void invalid(String json, String field, String rule) {
        assertThatThrownBy(() -> SecretPolicyDocument.parse(json)).isInstanceOfSatisfying(RotatorException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).startsWith(field + ": ").contains(rule);
        });
    }
}
