package dev.rotator.worker.api.openapi;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {
    private static Params params(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Params.of(m);
    }

    @Test
    void requiredRefusesAbsentAndEmptyValuesNamingTheField() {
        refused(() -> params().required("SecretName"), ErrorCode.MISSING_PARAMETER, "SecretName: is required");
        refused(() -> params("SecretName", "").required("SecretName"), ErrorCode.MISSING_PARAMETER, "SecretName: is required");
        assertThat(params("SecretName", "a b").required("SecretName")).isEqualTo("a b");
    }

    @Test
    void optionalKeepsAnEmptyValue() {
        assertThat(params("Description", "").optional("Description")).contains("");
        assertThat(params().optional("Description")).isEmpty();
    }

    @Test
    void booleansAndIntegersFollowTheirRuleOrTheirDefault() {
        assertThat(params("FetchTags", "TRUE").bool("FetchTags", false)).isTrue();
        assertThat(params("FetchTags", "").bool("FetchTags", true)).isTrue();
        assertThat(params().bool("FetchTags", false)).isFalse();
        refused(() -> params("FetchTags", "yes").bool("FetchTags", false), ErrorCode.INVALID_PARAMETER,
                "FetchTags: must be true or false");
        refused(() -> params().requiredBool("EnableAutomaticRotation"), ErrorCode.MISSING_PARAMETER,
                "EnableAutomaticRotation: is required");
        assertThat(params("PageSize", "100").integer("PageSize", 1, 100, 10)).isEqualTo(100);
        assertThat(params().integer("PageSize", 1, 100, 10)).isEqualTo(10);
        for (String bad : new String[] {"0", "101", "ten", "1.5", "99999999999"}) {
            refused(() -> params("PageSize", bad).integer("PageSize", 1, 100, 10), ErrorCode.INVALID_PARAMETER,
                    "PageSize: must be an integer from 1 to 100");
        }
    }

    @Test
    void jsonParametersMustHaveTheirShape() {
        assertThat(params("VersionStages", "[\"ACSCurrent\"]").jsonArray("VersionStages").orElseThrow().get(0).asText())
                .isEqualTo("ACSCurrent");
        assertThat(params("ExtendedConfig", "{\"a\":1}").jsonObject("ExtendedConfig").orElseThrow().get("a").asInt())
                .isEqualTo(1);
        assertThat(params("Tags", "").jsonArray("Tags")).isEmpty();
        refused(() -> params("Tags", "{}").jsonArray("Tags"), ErrorCode.INVALID_PARAMETER, "Tags: must be a JSON array");
        refused(() -> params("Tags", "[").jsonArray("Tags"), ErrorCode.INVALID_PARAMETER, "Tags: must be valid JSON");
        refused(() -> params("ExtendedConfig", "{\"a\":1,\"a\":2}").jsonObject("ExtendedConfig"),
                ErrorCode.INVALID_PARAMETER, "ExtendedConfig: must be valid JSON");
    }

    @Test
    void flattenedModelsAreReadByPrefix() {
        Params p = params("SecretName", "s", "ExtendedConfig.CustomData.k1", "v1", "ExtendedConfig.CustomData.k2", "2");
        assertThat(p.prefixed("ExtendedConfig.CustomData.")).containsExactly(Map.entry("k1", "v1"), Map.entry("k2", "2"));
    }

    @Test
    void toStringShowsNamesNotValues() {
        assertThat(params("SecretData", "hunter2").toString()).contains("SecretData").doesNotContain("hunter2");
    }

    private static void refused(Runnable call, ErrorCode code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RotatorException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
