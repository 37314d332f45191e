package dev.rotator.worker.service;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.Tag;
import dev.rotator.core.service.SecretPage;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** DescribeSecret, ListSecrets (filters in SQL, paging), UpdateSecret and the secret policy through the service. */
abstract class SecretListingContract extends SecretServiceFixture {

    SecretListingContract(TestDatabases kind) {
        super(kind);
    }

    private static NewSecretRequest rdsRequest(String name) {
        return new NewSecretRequest(name, null, utf8(RDS_IMPORT), null, "Rds", RDS_CONFIG, null, false, null, null,
                "orders database");
    }

    private static String filter(String key, String... values) {
        return "{\"Key\":\"" + key + "\",\"Values\":[" + String.join(",", List.of(values).stream()
                .map(v -> "\"" + v + "\"").toList()) + "]}";
    }

    /** The names listed, sorted here: the store orders by the database's collation, which differs on punctuation. */
    private List<String> names(String... filters) {
        return service.list(1, 100, "[" + String.join(",", filters) + "]", false).secrets().stream()
                .map(Secret::name).sorted().toList();
    }

    // ---------------------------------------------------------------- DescribeSecret

    @Test
    void describeShowsTheMetadataButNoValue() {
        String n = unique("describe");
        Secret created = service.create(genericRequest(n, "one", "the app's config",
                "[{\"TagKey\":\"env\",\"TagValue\":\"prod\"}]"));
        Secret described = service.describe(n);
        assertThat(described).isEqualTo(created);
        assertThat(described.tags()).containsExactly(new Tag("env", "prod"));
        assertThat(described.createTime()).isEqualTo(clock.instant());
        assertThat(described.plannedDeleteTime()).isNull();
        assertRefused(() -> service.describe("no/such"), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
    }

    // ---------------------------------------------------------------- ListSecrets

    @Test
    void filtersOrTheValuesOfAKeyAndAndTheKeys() {
        String p = unique("filter");
        service.create(genericRequest(p + "/app/db", "x", "Main DATABASE password",
                "[{\"TagKey\":\"env\",\"TagValue\":\"prod\"},{\"TagKey\":\"team\",\"TagValue\":\"a\"}]"));
        service.create(genericRequest(p + "/app/cache", "x", "cache", "[{\"TagKey\":\"env\",\"TagValue\":\"dev\"}]"));
        service.create(rdsRequest(p + "/ops/orders"));
        service.create(genericRequest(p + "/a_b", "x", "100% sure", null));
        service.create(genericRequest(p + "/axb", "x", null, null));
        String all = filter("SecretName", p + "/");

        assertThat(names(all)).containsExactly(p + "/a_b", p + "/app/cache", p + "/app/db", p + "/axb",
                p + "/ops/orders");
        assertThat(names(filter("SecretName", p + "/app/"))).containsExactly(p + "/app/cache", p + "/app/db");
        assertThat(names(filter("SecretName", p + "/app/db", p + "/ops/"))).containsExactly(p + "/app/db",
                p + "/ops/orders");
        assertThat(names(filter("SecretName", p + "/a_"))).as("_ is no wildcard").containsExactly(p + "/a_b");
        assertThat(names(all, filter("TagKey", "env"))).containsExactly(p + "/app/cache", p + "/app/db");
        assertThat(names(all, filter("TagKey", "team", "nope"))).containsExactly(p + "/app/db");
        assertThat(names(all, filter("TagValue", "prod"))).containsExactly(p + "/app/db");
        assertThat(names(all, filter("TagKey", "env"), filter("TagValue", "dev"))).containsExactly(p + "/app/cache");
        assertThat(names(all, filter("Description", "database"))).as("description: contains, any case")
                .containsExactly(p + "/app/db", p + "/ops/orders");
        assertThat(names(all, filter("Description", "100%"))).as("% is no wildcard").containsExactly(p + "/a_b");
        assertThat(names(all, filter("SecretType", "RDS"))).containsExactly(p + "/ops/orders");
        assertThat(names(all, filter("SecretType", "Generic"), filter("Description", "cache")))
                .containsExactly(p + "/app/cache");
        assertThat(service.list(1, 100, "[" + all + "," + filter("TagKey", "env") + "]", false).totalCount())
                .isEqualTo(2);
    }

    @Test
    void tagsComeOnlyWhenAskedFor() {
        String p = unique("tags");
        service.create(genericRequest(p + "/a", "x", null, "[{\"TagKey\":\"env\",\"TagValue\":\"prod\"}]"));
        String f = "[" + filter("SecretName", p + "/") + "]";
        assertThat(service.list(null, null, f, true).secrets().get(0).tags()).containsExactly(new Tag("env", "prod"));
        assertThat(service.list(null, null, f, false).secrets().get(0).tags()).isEmpty();
    }

    @Test
    void pagesSplitTheSecretsInNameOrder() {
        String p = unique("page");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(generic(String.format("%s/s%02d", p, i), "x"));
        }
        String f = "[" + filter("SecretName", p + "/") + "]";
        SecretPage first = service.list(null, null, f, false);
        assertThat(first.pageNumber()).isEqualTo(1);
        assertThat(first.pageSize()).isEqualTo(SecretService.LIST_PAGE_SIZE);
        assertThat(first.totalCount()).isEqualTo(25);
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            service.list(page, 10, f, false).secrets().forEach(s -> seen.add(s.name()));
        }
        assertThat(seen).isEqualTo(created);
        assertThat(service.list(3, 10, f, false).secrets()).hasSize(5);
        SecretPage beyond = service.list(4, 10, f, false);
        assertThat(beyond.secrets()).isEmpty();
        assertThat(beyond.totalCount()).isEqualTo(25);
    }

    @Test
    void aRestrictedCallerSeesAndCountsOnlyWhatItMayRead() {
        String p = unique("visible");
        IntStream.range(0, 12).forEach(i -> generic(String.format("%s/s%02d", p, i), "x"));
        Predicate<Secret> even = s -> Integer.parseInt(s.name().substring(s.name().length() - 2)) % 2 == 0;
        String f = "[" + filter("SecretName", p + "/") + "]";
        SecretPage page2 = service.list(2, 4, f, false, even);
        assertThat(page2.totalCount()).isEqualTo(6);
        assertThat(page2.secrets()).extracting(Secret::name).containsExactly(p + "/s08", p + "/s10");
        assertThat(service.list(1, 4, f, false, even).secrets()).extracting(Secret::name)
                .containsExactly(p + "/s00", p + "/s02", p + "/s04", p + "/s06");
        assertThat(service.list(1, 4, f, false, s -> false).totalCount()).isZero();
    }

    @Test
    void badListParametersAreRefusedNamingTheField() {
        String eleven = filter("SecretName", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
        Map<String, String> bad = Map.of(
                "[" + filter("Creator", "me") + "]", "Filters.Key",
                "[" + filter("DKMSInstanceId", "kst-1") + "]", "Filters.Key",
                "[" + eleven + "]", "Filters.Values",
                "[" + filter("SecretType", "Foo") + "]", "Filters.Values",
                "[" + filter("SecretName") + "]", "Filters.Values",
                "[" + filter("TagKey", "a") + "," + filter("TagKey", "b") + "]", "Filters.Key",
                "{\"Key\":\"SecretName\"}", "Filters",
                "not json", "Filters",
                "[{\"Key\":\"SecretName\",\"Values\":[\"a\"],\"Extra\":1}]", "Filters");
        bad.forEach((filters, field) -> assertRefused(() -> service.list(null, null, filters, false),
                ErrorCode.INVALID_PARAMETER, field));
        assertRefused(() -> service.list(0, null, null, false), ErrorCode.INVALID_PARAMETER, "PageNumber");
        assertRefused(() -> service.list(null, 101, null, false), ErrorCode.INVALID_PARAMETER, "PageSize");
        assertRefused(() -> service.list(null, 0, null, false), ErrorCode.INVALID_PARAMETER, "PageSize");
        assertThat(service.list(null, 100, "[" + filter("SecretName", "x".repeat(256)) + "]", false).totalCount())
                .isZero();
    }

    // ---------------------------------------------------------------- UpdateSecret

    @Test
    void updateChangesTheDescriptionAndCustomDataOnly() {
        String n = unique("update");
        Secret before = service.create(rdsRequest(n));
        clock.advance(Duration.ofMinutes(5));
        Secret after = service.update(n, "new description", "{\"DBName\":\"app1\",\"Port\":\"3306\"}");
        assertThat(after.description()).isEqualTo("new description");
        assertThat(after.extendedConfig().asMap()).containsEntry("SecretSubType", "DoubleUsers")
                .containsEntry("DBInstanceId", "db1");
        assertThat(after.extendedConfig().customData()).isEqualTo(Map.of("DBName", "app1", "Port", "3306"));
        assertThat(after.updateTime()).isEqualTo(clock.instant());
        assertThat(after.rotation()).isEqualTo(before.rotation());
        assertThat(after.createTime()).isEqualTo(before.createTime());
        assertThat(service.describe(n)).isEqualTo(after);

        Secret kept = service.update(n, null, null);
        assertThat(kept.description()).isEqualTo("new description");
        assertThat(kept.extendedConfig()).isEqualTo(after.extendedConfig());
        assertThat(service.update(n, null, "{}").extendedConfig().customData()).isEmpty();
    }

    @Test
    void aGenericSecretTakesADescriptionButNoExtendedConfig() {
        String n = generic(unique("update"), "one");
        Secret after = service.update(n, "described", "{\"DBName\":\"app1\"}");
        assertThat(after.description()).isEqualTo("described");
        assertThat(after.extendedConfig().isEmpty()).isTrue();
        assertRefusedUnchanged(n, () -> service.update(n, "x", "[1]"), ErrorCode.INVALID_PARAMETER,
                "ExtendedConfig.CustomData");
    }

    @Test
    void badUpdatesAreRefusedNamingTheFieldAndChangeNothing() {
        String n = unique("update");
        service.create(rdsRequest(n));
        StringBuilder eleven = new StringBuilder("{");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        eleven.append('}');
        assertRefusedUnchanged(n, () -> service.update(n, null, eleven.toString()), ErrorCode.INVALID_PARAMETER,
                "ExtendedConfig.CustomData");
        assertRefusedUnchanged(n, () -> service.update(n, null, "not json"), ErrorCode.INVALID_PARAMETER,
                "ExtendedConfig.CustomData");
        assertRefusedUnchanged(n, () -> service.update(n, null, "{\"Big\":\"" + "x".repeat(1_000) + "\"}"),
                ErrorCode.INVALID_PARAMETER, "ExtendedConfig");
        assertRefusedUnchanged(n, () -> service.update(n, "d".repeat(257), null), ErrorCode.INVALID_PARAMETER,
                "Description");
        assertRefused(() -> service.update("no/such", "x", null), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");
    }

    // ---------------------------------------------------------------- Get/SetSecretPolicy

    @Test
    void aPolicyIsStoredPerSecretAndReadBack() {
        String n = generic(unique("policy"), "one");
        String other = generic(unique("policy"), "two");
        assertThat(service.getPolicy(n, null)).isEqualTo(SecretService.EMPTY_POLICY);
        String policy = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:GetSecretValue\"]}]}";
        service.setPolicy(n, "default", policy);
        assertThat(service.getPolicy(n, "default")).isEqualTo(policy);
        assertThat(service.getPolicy(other, null)).isEqualTo(SecretService.EMPTY_POLICY);
        String replaced = "{\"Version\":\"1\",\"Statement\":[]}";
        service.setPolicy(n, null, replaced);
        assertThat(service.getPolicy(n, null)).isEqualTo(replaced);
    }

    @Test
    void badPoliciesAreRefusedNamingTheFieldAndChangeNothing() {
        String n = generic(unique("policy"), "one");
        service.setPolicy(n, null, "{\"Version\":\"1\"}");
        String big = "{\"Sid\":\"" + "x".repeat(32_760) + "\"}";
        assertRefusedUnchanged(n, () -> service.setPolicy(n, "other", "{}"), ErrorCode.INVALID_PARAMETER, "PolicyName");
        assertRefusedUnchanged(n, () -> service.setPolicy(n, null, "[]"), ErrorCode.INVALID_PARAMETER, "Policy");
        assertRefusedUnchanged(n, () -> service.setPolicy(n, null, "{"), ErrorCode.INVALID_PARAMETER, "Policy");
        assertRefusedUnchanged(n, () -> service.setPolicy(n, null, big), ErrorCode.INVALID_PARAMETER, "Policy");
        assertRefusedUnchanged(n, () -> service.setPolicy(n, null, null), ErrorCode.MISSING_PARAMETER, "Policy");
        assertRefused(() -> service.getPolicy(n, "other"), ErrorCode.INVALID_PARAMETER, "PolicyName");
        assertRefused(() -> service.setPolicy("no/such", null, "{}"), ErrorCode.RESOURCE_NOT_FOUND, "SecretName");

        SecretService strict = service.withPolicyCheck(p -> {
            throw RotatorException.invalid("Policy.Statement", "is required");
        });
        assertRefusedUnchanged(n, () -> strict.setPolicy(n, null, "{}"), ErrorCode.INVALID_PARAMETER,
                "Policy.Statement");
        String justUnder = "{\"Sid\":\"" + "x".repeat(32_768 - 10) + "\"}";
        assertThat(justUnder.length()).isEqualTo(32_768);
        service.setPolicy(n, null, justUnder);
        assertThat(service.getPolicy(n, null)).isEqualTo(justUnder);
    }
}
