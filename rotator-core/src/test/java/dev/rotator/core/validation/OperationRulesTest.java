package dev.rotator.core.validation;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.SecretFilter;
import dev.rotator.core.SecretFilter.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.rotator.core.validation.Fixtures.chars;
import static dev.rotator.core.validation.Fixtures.invalid;
import static dev.rotator.core.validation.Fixtures.refused;
import static dev.rotator.core.validation.SecretRules.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the operations after CreateSecret: stage labels, paging, ListSecrets filters, secret policies. */
class OperationRulesTest {

    @Test
    void aStageLabelIsRequiredCheckedAndNeverACSPending() {
        assertThat(checkVersionStage("VersionStage", "MyLabel")).isEqualTo("MyLabel");
        refused(() -> checkVersionStage("VersionStage", null), ErrorCode.MISSING_PARAMETER, "VersionStage");
        invalid(() -> checkVersionStage("VersionStage", chars(65)), "VersionStage", "at most 64 characters");
        invalid(() -> checkVersionStage("VersionStage", "a b"), "VersionStage", "may contain only");
        invalid(() -> checkVersionStage("VersionStage", "acsPending"), "VersionStage", "reserved for the engine");
    }

    @Test
    void currentAndPreviousCannotMarkOneNewVersion() {
        invalid(() -> parseVersionStages("[\"ACSPrevious\",\"ACSCurrent\"]"), "VersionStages", "ACSCurrent and ACSPrevious");
        assertThat(parseVersionStages("[\"ACSPrevious\"]")).containsExactly("ACSPrevious");
    }

    @Test
    void pagesStartAtOneAndHoldOneToAHundred() {
        assertThat(checkPageNumber(null)).isEqualTo(1);
        assertThat(checkPageSize(null, 10)).isEqualTo(10);
        assertThat(checkPageSize(100, 10)).isEqualTo(100);
        invalid(() -> checkPageNumber(0), "PageNumber", "at least 1");
        invalid(() -> checkPageSize(101, 10), "PageSize", "at most 100");
        invalid(() -> checkPageSize(0, 10), "PageSize", "at least 1");
    }

    @Test
    void numbersOnTheWireAreDigits() {
        assertThat(parseWholeNumber("PageSize", null)).isNull();
        assertThat(parseWholeNumber("PageSize", "25")).isEqualTo(25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "-1", "1.5", "99999", " 1"})
    void otherNumbersAreRefused(String text) {
        invalid(() -> parseWholeNumber("PageNumber", text), "PageNumber", "whole number");
    }

    @Test
    void filtersParseToKeysWithTheirValues() {
        SecretFilter f = parseFilters("[{\"Key\":\"SecretName\",\"Values\":[\"a\",\"b\"]},"
                + "{\"Key\":\"SecretType\",\"Values\":[\"RDS\",\"ramcredentials\"]}]");
        assertThat(f.conditions()).isEqualTo(Map.of(Key.SECRET_NAME, List.of("a", "b"),
                Key.SECRET_TYPE, List.of("Rds", "RAMCredentials")));
        assertThat(parseFilters(null).isEmpty()).isTrue();
        assertThat(parseFilters("[]").isEmpty()).isTrue();
    }

    @Test
    void badFiltersAreRefusedNamingThePart() {
        invalid(() -> parseFilters("[{\"Key\":\"Owner\",\"Values\":[\"a\"]}]"), "Filters.Key", "SecretName");
        invalid(() -> parseFilters("[{\"Key\":\"TagKey\",\"Values\":[\"a\"]},{\"Key\":\"TagKey\",\"Values\":[\"b\"]}]"),
                "Filters.Key", "once");
        invalid(() -> parseFilters("[{\"Key\":\"TagKey\",\"Values\":[]}]"), "Filters.Values", "at least 1");
        invalid(() -> parseFilters("[{\"Key\":\"TagKey\",\"Values\":[\"" + chars(257) + "\"]}]"), "Filters.Values",
                "at most 256 characters");
        invalid(() -> parseFilters("[{\"Key\":\"TagKey\",\"Values\":[1]}]"), "Filters.Values", "strings");
        invalid(() -> parseFilters("[{\"Key\":\"SecretType\",\"Values\":[\"Mongo\"]}]"), "Filters.Values");
        invalid(() -> parseFilters("{\"Key\":\"TagKey\"}"), "Filters", "JSON array");
        invalid(() -> parseFilters("[\"TagKey\"]"), "Filters", "JSON array");
    }

    @Test
    void policyNameIsDefaultAndPolicyAJsonObjectOfAtMost32768Bytes() {
        assertThat(checkPolicyName(null)).isEqualTo("default");
        invalid(() -> checkPolicyName("custom"), "PolicyName", "must be default");
        assertThat(checkSecretPolicy("{}")).isEqualTo("{}");
        refused(() -> checkSecretPolicy(null), ErrorCode.MISSING_PARAMETER, "Policy");
        invalid(() -> checkSecretPolicy("[]"), "Policy", "JSON object");
        // 32,767 bytes of JSON with a two-byte character: 32,768 bytes accepted, one more refused.
        String fits = "{\"a\":\"" + "x".repeat(32_768 - 10) + "é\"}";
        assertThat(checkSecretPolicy(fits)).isEqualTo(fits);
        invalid(() -> checkSecretPolicy("{\"a\":\"" + "x".repeat(32_768 - 9) + "é\"}"), "Policy",
                "at most 32768 bytes");
    }
}
