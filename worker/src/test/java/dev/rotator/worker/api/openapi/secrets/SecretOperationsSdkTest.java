package dev.rotator.worker.api.openapi.secrets;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.CreateSecretResponseBody;
import com.aliyun.kms20160120.models.DeleteSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretResponseBody;
import com.aliyun.kms20160120.models.GetRandomPasswordRequest;
import com.aliyun.kms20160120.models.GetSecretPolicyRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsResponseBody;
import com.aliyun.kms20160120.models.ListSecretsRequest;
import com.aliyun.kms20160120.models.ListSecretsResponseBody;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.RestoreSecretRequest;
import com.aliyun.kms20160120.models.SetSecretPolicyRequest;
import com.aliyun.kms20160120.models.UpdateSecretRequest;
import com.aliyun.kms20160120.models.UpdateSecretRotationPolicyRequest;
import com.aliyun.kms20160120.models.UpdateSecretVersionStageRequest;
import dev.rotator.worker.metrics.Exposition;
import dev.rotator.worker.testing.RunningWorker;
import dev.rotator.worker.testing.SdkCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every secret operation through the official kms20160120 client against a real worker, and every documented
 * error as the SDK reports it (TeaException with code and HTTP status).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretOperationsSdkTest {
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String IMPORT = "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Init-pw-1\"}]}";
    private RunningWorker api;
    private Client admin;

    @BeforeAll
    void start() {
        api = RunningWorker.start();
        admin = api.admin();
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private CreateSecretResponseBody generic(String name, String value) throws Exception {
        return admin.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v1").setSecretData(value))
                .getBody();
    }

    private void managed(String name) throws Exception {
        admin.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v1").setSecretData(IMPORT)
                .setSecretType("Rds").setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1"))
                .setEnableAutomaticRotation(true).setRotationInterval("7d"));
    }

    private GetSecretValueResponseBody get(GetSecretValueRequest request) throws Exception {
        return admin.getSecretValue(request).getBody();
    }

    private Map<String, List<String>> versions(String name, boolean includeDeprecated) throws Exception {
        ListSecretVersionIdsResponseBody r = admin.listSecretVersionIds(new ListSecretVersionIdsRequest()
                .setSecretName(name).setIncludeDeprecated(String.valueOf(includeDeprecated))).getBody();
        Map<String, List<String>> out = new LinkedHashMap<>();
        r.getVersionIds().getVersionId().forEach(v -> out.put(v.getVersionId(), v.getVersionStages().getVersionStage()));
        return out;
    }

    @Test
    void aGenericSecretIsCreatedReadAndGetsNewVersions() throws Exception {
        CreateSecretResponseBody created = admin.createSecret(new CreateSecretRequest().setSecretName("ops/generic")
                .setVersionId("v1").setSecretData("first value").setDescription("the app's token")
                .setTags("[{\"TagKey\":\"env\",\"TagValue\":\"prod\"}]")).getBody();
        assertThat(created.getArn()).isEqualTo("acs:kms:cn-hangzhou:1234567890123456:secret/ops/generic");
        assertThat(created.getSecretType()).isEqualTo("Generic");
        assertThat(created.getAutomaticRotation()).isEqualTo("Disabled");
        assertThat(created.getVersionId()).isEqualTo("v1");
        assertThat(created.getRequestId()).isNotBlank();

        GetSecretValueResponseBody v1 = get(new GetSecretValueRequest().setSecretName("ops/generic"));
        assertThat(v1.getSecretData()).isEqualTo("first value");
        assertThat(v1.getSecretDataType()).isEqualTo("text");
        assertThat(v1.getVersionStages().getVersionStage()).containsExactly("ACSCurrent");
        assertThat(Instant.parse(v1.getCreateTime())).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));

        var put = admin.putSecretValue(new PutSecretValueRequest().setSecretName("ops/generic").setVersionId("v2")
                .setSecretData("second value")).getBody();
        assertThat(put.getVersionStages().getVersionStage()).containsExactly("ACSCurrent");
        admin.putSecretValue(new PutSecretValueRequest().setSecretName("ops/generic").setVersionId("v3")
                .setSecretData("candidate").setVersionStages("[\"next\"]"));

        assertThat(get(new GetSecretValueRequest().setSecretName("ops/generic")).getSecretData()).isEqualTo("second value");
        assertThat(get(new GetSecretValueRequest().setSecretName("ops/generic").setVersionStage("ACSPrevious"))
                .getSecretData()).isEqualTo("first value");
        assertThat(get(new GetSecretValueRequest().setSecretName("ops/generic").setVersionId("v3")).getSecretData())
                .isEqualTo("candidate");
        assertThat(get(new GetSecretValueRequest().setSecretName(created.getArn())).getSecretData())
                .as("the ARN names the secret too").isEqualTo("second value");
        assertThat(versions("ops/generic", false)).containsExactly(Map.entry("v1", List.of("ACSPrevious")),
                Map.entry("v2", List.of("ACSCurrent")), Map.entry("v3", List.of("next")));
    }

    @Test
    void aBinaryValueTravelsAsBase64() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'k'};
        String base64 = Base64.getEncoder().encodeToString(bytes);
        admin.createSecret(new CreateSecretRequest().setSecretName("ops/binary").setVersionId("v1")
                .setSecretData(base64).setSecretDataType("binary"));
        GetSecretValueResponseBody r = get(new GetSecretValueRequest().setSecretName("ops/binary"));
        assertThat(r.getSecretDataType()).isEqualTo("binary");
        assertThat(Base64.getDecoder().decode(r.getSecretData())).containsExactly(bytes);
    }

    @Test
    void stagesAreMovedAddedAndRemoved() throws Exception {
        generic("ops/stages", "one");
        admin.putSecretValue(new PutSecretValueRequest().setSecretName("ops/stages").setVersionId("v2")
                .setSecretData("two").setVersionStages("[\"next\"]"));
        admin.updateSecretVersionStage(new UpdateSecretVersionStageRequest().setSecretName("ops/stages")
                .setVersionStage("ACSCurrent").setMoveToVersion("v2"));
        assertThat(versions("ops/stages", false)).containsExactly(Map.entry("v1", List.of("ACSPrevious")),
                Map.entry("v2", List.of("ACSCurrent", "next")));
        admin.updateSecretVersionStage(new UpdateSecretVersionStageRequest().setSecretName("ops/stages")
                .setVersionStage("next").setRemoveFromVersion("v2"));
        admin.updateSecretVersionStage(new UpdateSecretVersionStageRequest().setSecretName("ops/stages")
                .setVersionStage("canary").setMoveToVersion("v1"));
        assertThat(versions("ops/stages", false)).containsExactly(Map.entry("v1", List.of("ACSPrevious", "canary")),
                Map.entry("v2", List.of("ACSCurrent")));
        refused(() -> admin.updateSecretVersionStage(new UpdateSecretVersionStageRequest().setSecretName("ops/stages")
                .setVersionStage("ACSCurrent").setRemoveFromVersion("v2")), 400, "InvalidParameter");
    }

    @Test
    void versionListingHidesUnlabelledVersionsUnlessAskedAndPages() throws Exception {
        generic("ops/versions", "1");
        for (int i = 2; i <= 4; i++) {
            admin.putSecretValue(new PutSecretValueRequest().setSecretName("ops/versions").setVersionId("v" + i)
                    .setSecretData(String.valueOf(i)));
        }
        assertThat(versions("ops/versions", false)).containsOnlyKeys("v3", "v4");
        assertThat(versions("ops/versions", true)).containsOnlyKeys("v1", "v2", "v3", "v4");
        ListSecretVersionIdsResponseBody page = admin.listSecretVersionIds(new ListSecretVersionIdsRequest()
                .setSecretName("ops/versions").setIncludeDeprecated("true").setPageNumber(2).setPageSize(3)).getBody();
        assertThat(page.getTotalCount()).isEqualTo(4);
        assertThat(page.getPageNumber()).isEqualTo(2);
        assertThat(page.getVersionIds().getVersionId()).extracting(v -> v.getVersionId()).containsExactly("v4");
    }

    @Test
    void describeShowsMetadataAndListSecretsPagesAndFilters() throws Exception {
        admin.createSecret(new CreateSecretRequest().setSecretName("list/a").setVersionId("v1").setSecretData("x")
                .setDescription("alpha").setTags("[{\"TagKey\":\"team\",\"TagValue\":\"blue\"}]"));
        generic("list/b", "x");
        generic("list/c", "x");
        DescribeSecretResponseBody d = admin.describeSecret(new DescribeSecretRequest().setSecretName("list/a")
                .setFetchTags("true")).getBody();
        assertThat(d.getDescription()).isEqualTo("alpha");
        assertThat(d.getEncryptionKeyId()).isNotBlank();
        assertThat(d.getCreateTime()).matches(TIME);
        assertThat(d.getUpdateTime()).matches(TIME);
        assertThat(d.getTags().getTag()).extracting(t -> t.getTagKey() + "=" + t.getTagValue()).containsExactly("team=blue");
        assertThat(admin.describeSecret(new DescribeSecretRequest().setSecretName("list/a")).getBody().getTags())
                .as("tags only with FetchTags").isNull();

        String prefix = "[{\"Key\":\"SecretName\",\"Values\":[\"list/\"]}]";
        ListSecretsResponseBody page2 = admin.listSecrets(new ListSecretsRequest().setFilters(prefix).setPageSize(2)
                .setPageNumber(2)).getBody();
        assertThat(page2.getTotalCount()).isEqualTo(3);
        assertThat(page2.getSecretList().getSecret()).extracting(s -> s.getSecretName()).containsExactly("list/c");
        ListSecretsResponseBody tagged = admin.listSecrets(new ListSecretsRequest().setFetchTags("true")
                .setFilters("[{\"Key\":\"TagValue\",\"Values\":[\"blue\"]}]")).getBody();
        assertThat(tagged.getSecretList().getSecret()).singleElement().satisfies(s -> {
            assertThat(s.getSecretName()).isEqualTo("list/a");
            assertThat(s.getSecretType()).isEqualTo("Generic");
            assertThat(s.getTags().getTag()).extracting(t -> t.getTagValue()).containsExactly("blue");
        });
    }

    @Test
    void updateSecretTakesBothExtendedConfigFormsAndTheDescription() throws Exception {
        managed("ops/update");
        admin.updateSecret(new UpdateSecretRequest().setSecretName("ops/update").setDescription("flattened")
                .setExtendedConfig(new UpdateSecretRequest.UpdateSecretRequestExtendedConfig()
                        .setCustomData(Map.of("DBName", "app1", "Port", 3306))));
        DescribeSecretResponseBody d = admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/update"))
                .getBody();
        assertThat(d.getDescription()).isEqualTo("flattened");
        assertThat(d.getExtendedConfig()).contains("\"CustomData\":{\"DBName\":\"app1\",\"Port\":\"3306\"}")
                .contains("\"DBInstanceId\":\"db1\"");

        SdkCalls.call(admin, "UpdateSecret", Map.of("SecretName", "ops/update",
                "ExtendedConfig", "{\"CustomData\":{\"DBName\":\"app2\"}}"));
        assertThat(admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/update")).getBody()
                .getExtendedConfig()).contains("\"CustomData\":{\"DBName\":\"app2\"}");
        SdkCalls.call(admin, "UpdateSecret", Map.of("SecretName", "ops/update",
                "ExtendedConfig.CustomData", "{\"DBName\":\"app3\",\"Schema\":\"s\"}"));
        assertThat(admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/update")).getBody()
                .getExtendedConfig()).contains("\"CustomData\":{\"DBName\":\"app3\",\"Schema\":\"s\"}");

        refused(() -> SdkCalls.call(admin, "UpdateSecret", Map.of("SecretName", "ops/update",
                "ExtendedConfig", "{\"DBInstanceId\":\"other\"}")), 400, "InvalidParameter");
        assertThat(admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/update")).getBody()
                .getExtendedConfig()).contains("\"DBInstanceId\":\"db1\"");
    }

    @Test
    void theRotationPolicyIsTurnedOffAndOnAgain() throws Exception {
        managed("ops/policy");
        admin.updateSecretRotationPolicy(new UpdateSecretRotationPolicyRequest().setSecretName("ops/policy")
                .setEnableAutomaticRotation(false));
        DescribeSecretResponseBody off = admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/policy"))
                .getBody();
        assertThat(off.getAutomaticRotation()).isEqualTo("Disabled");
        assertThat(off.getNextRotationDate()).isNull();
        admin.updateSecretRotationPolicy(new UpdateSecretRotationPolicyRequest().setSecretName("ops/policy")
                .setEnableAutomaticRotation(true).setRotationInterval("12h"));
        DescribeSecretResponseBody on = admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/policy"))
                .getBody();
        assertThat(on.getAutomaticRotation()).isEqualTo("Enabled");
        assertThat(on.getRotationInterval()).isEqualTo("43200s");
        assertThat(on.getNextRotationDate()).matches(TIME);
        refused(() -> admin.updateSecretRotationPolicy(new UpdateSecretRotationPolicyRequest()
                .setSecretName("ops/policy").setEnableAutomaticRotation(true).setRotationInterval("1h")),
                400, "InvalidParameter");
    }

    @Test
    void deleteWithARecoveryWindowThenRestoreThenForceDelete() throws Exception {
        generic("ops/delete", "v");
        var deleted = admin.deleteSecret(new DeleteSecretRequest().setSecretName("ops/delete")
                .setRecoveryWindowInDays("7")).getBody();
        assertThat(Instant.parse(deleted.getPlannedDeleteTime()))
                .isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(Duration.ofMinutes(1)));
        refused(() -> get(new GetSecretValueRequest().setSecretName("ops/delete")), 409, "Rejected.ResourceInDeleteWindow");
        refused(() -> generic("ops/delete", "again"), 409, "Rejected.ResourceInDeleteWindow");
        assertThat(admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/delete")).getBody()
                .getPlannedDeleteTime()).isEqualTo(deleted.getPlannedDeleteTime());

        admin.restoreSecret(new RestoreSecretRequest().setSecretName("ops/delete"));
        assertThat(get(new GetSecretValueRequest().setSecretName("ops/delete")).getSecretData()).isEqualTo("v");

        admin.deleteSecret(new DeleteSecretRequest().setSecretName("ops/delete").setForceDeleteWithoutRecovery("true"));
        refused(() -> admin.describeSecret(new DescribeSecretRequest().setSecretName("ops/delete")), 404,
                "Forbidden.ResourceNotFound");
        generic("ops/delete", "the name is free again");
    }

    @Test
    void aSecretPolicyIsSetAndReadBack() throws Exception {
        generic("ops/policy-doc", "v");
        assertThat(admin.getSecretPolicy(new GetSecretPolicyRequest().setSecretName("ops/policy-doc")).getBody()
                .getPolicy()).isEqualTo("{\"Version\":\"1\",\"Statement\":[]}");
        String policy = "{\"Version\":\"1\",\"Statement\":[{\"Sid\":\"ci\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"RAM\":[\"ci-bot\"]},\"Action\":[\"kms:GetSecretValue\"],\"Resource\":[\"*\"]}]}";
        admin.setSecretPolicy(new SetSecretPolicyRequest().setSecretName("ops/policy-doc").setPolicy(policy)
                .setPolicyName("default"));
        assertThat(admin.getSecretPolicy(new GetSecretPolicyRequest().setSecretName("ops/policy-doc")
                .setPolicyName("default")).getBody().getPolicy()).isEqualTo(policy);
        refused(() -> admin.setSecretPolicy(new SetSecretPolicyRequest().setSecretName("ops/policy-doc")
                .setPolicy(policy.replace("Allow", "Permit"))), 400, "InvalidParameter");
        refused(() -> admin.getSecretPolicy(new GetSecretPolicyRequest().setSecretName("ops/policy-doc")
                .setPolicyName("other")), 400, "InvalidParameter");
    }

    @Test
    void randomPasswordsFollowTheirParameters() throws Exception {
        String p = admin.getRandomPassword(new GetRandomPasswordRequest().setPasswordLength("20")
                .setExcludePunctuation("true").setExcludeCharacters("abc")).getBody().getRandomPassword();
        assertThat(p).hasSize(20).matches("[A-Za-z0-9]+").doesNotContain("a", "b", "c");
        assertThat(admin.getRandomPassword(new GetRandomPasswordRequest()).getBody().getRandomPassword()).hasSize(32);
        refused(() -> admin.getRandomPassword(new GetRandomPasswordRequest().setPasswordLength("7")), 400,
                "InvalidParameter");
    }

    @Test
    void everyDocumentedErrorComesBackAsTheSdkReportsIt() throws Exception {
        generic("err/exists", "v");
        refused(() -> generic("bad name!", "v"), 400, "InvalidParameter");
        refused(() -> admin.createSecret(new CreateSecretRequest().setSecretName("err/no-data").setVersionId("v1")),
                400, "MissingParameter");
        refused(() -> get(new GetSecretValueRequest().setSecretName("err/absent")), 404, "Forbidden.ResourceNotFound");
        refused(() -> get(new GetSecretValueRequest().setSecretName("err/exists").setVersionId("v9")), 404,
                "Forbidden.ResourceNotFound");
        refused(() -> generic("err/exists", "v"), 409, "Rejected.ResourceExist");
        refused(() -> admin.putSecretValue(new PutSecretValueRequest().setSecretName("err/exists").setVersionId("v1")
                .setSecretData("other data")), 409, "Rejected.ResourceExist");
        var reader = api.createAccessKey("err-reader", dev.rotator.worker.auth.PrincipalPolicy.reader(
                List.of("err/exists"), List.of(), List.of()));
        refused(() -> api.client(reader).putSecretValue(new PutSecretValueRequest().setSecretName("err/exists")
                .setVersionId("v2").setSecretData("x")), 403, "Forbidden.NoPermission");
        refused(() -> admin.rotateSecret(new com.aliyun.kms20160120.models.RotateSecretRequest()
                .setSecretName("err/exists").setVersionId("r1")), 400, "InvalidParameter");

        generic("err/limit", "v");
        for (int i = 0; i < 7; i++) {
            admin.putSecretValue(new PutSecretValueRequest().setSecretName("err/limit").setVersionId("l" + i)
                    .setSecretData("v" + i).setVersionStages("[\"label" + i + "\"]"));
        }
        refused(() -> admin.putSecretValue(new PutSecretValueRequest().setSecretName("err/limit").setVersionId("l9")
                .setSecretData("v9").setVersionStages("[\"one-too-many\"]")), 400, "Rejected.LimitExceeded");
        assertThat(versions("err/limit", true)).doesNotContainKey("l9");
    }

    @Test
    void everyAnsweredRequestIsCountedByActionAndCode() throws Exception {
        generic("metrics/one", "v");
        get(new GetSecretValueRequest().setSecretName("metrics/one"));
        refused(() -> get(new GetSecretValueRequest().setSecretName("metrics/none")), 404, "Forbidden.ResourceNotFound");
        Map<String, Double> s = Exposition.parse(api.metrics());
        assertThat(s.get("rotator_api_requests_total{action=\"GetSecretValue\",code=\"OK\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(s.get("rotator_api_requests_total{action=\"GetSecretValue\",code=\"Forbidden.ResourceNotFound\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(s.get("rotator_api_requests_total{action=\"CreateSecret\",code=\"OK\"}")).isGreaterThanOrEqualTo(1.0);
        double before = s.get("rotator_api_requests_total{action=\"GetSecretValue\",code=\"OK\"}");
        get(new GetSecretValueRequest().setSecretName("metrics/one"));
        assertThat(Exposition.parse(api.metrics()).get("rotator_api_requests_total{action=\"GetSecretValue\",code=\"OK\"}"))
                .isEqualTo(before + 1);
    }
}
