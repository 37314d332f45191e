package dev.rotator.worker;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.TargetKind;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.testing.DeclaredTargets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Targets declared in the configuration file, as an operator and an application meet them: listed by
 * {@code GET /admin/v1/targets} for admins, and named by CreateSecret (official SDK) of every managed type, which
 * refuses an undeclared target or one of another kind before its rotator sees the secret, and creates nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeclaredTargetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "Db1-admin-Pw-9f3k";
    /** A declared target of each kind, as DeclaredTargets.YAML names them. */
    private static final Map<TargetKind, String> DECLARED = Map.of(TargetKind.RDS, "db1",
            TargetKind.POLARDB, "pc-billing", TargetKind.REDIS, "r-sessions", TargetKind.ECS, "i-web-1",
            TargetKind.RAM, "app-deployer");

    private Worker worker;
    private String adminId;
    private String adminSecret;
    private Client admin;
    private final Map<SecretType, AtomicInteger> validated = new EnumMap<>(SecretType.class);

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Map<SecretType, Rotator> rotators = new EnumMap<>(SecretType.class);
        for (TargetKind kind : TargetKind.values()) {
            AtomicInteger count = new AtomicInteger();
            validated.put(kind.secretType(), count);
            rotators.put(kind.secretType(), new ValidatingOnly(count));
        }
        worker = DeclaredTargets.start(dir, rotators);
        JsonNode key = JSON.readTree(dir.resolve(AdminKeyFile.FILE_NAME).toFile());
        adminId = key.get("AccessKeyId").asText();
        adminSecret = key.get("AccessKeySecret").asText();
        admin = new Client(new Config().setAccessKeyId(adminId).setAccessKeySecret(adminSecret)
                .setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
    }

    @AfterAll
    void stop() {
        worker.close();
    }

    @Test
    void adminsSeeEveryTargetWithItsSettingsAndNoCredential() throws Exception {
        admin.createSecret(new CreateSecretRequest().setSecretName("targets/db1/admin").setVersionId("v1")
                .setSecretData("{\"AccountName\":\"root\",\"AccountPassword\":\"" + ADMIN_PASSWORD + "\"}"));

        HttpResponse<String> r = targets(adminId, adminSecret);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode targets = JSON.readTree(r.body()).get("Targets");
        assertThat(targets.findValuesAsText("Id"))
                .containsExactly("db1", "pc-billing", "r-sessions", "i-web-1", "app-deployer");
        assertThat(targets.findValuesAsText("Kind")).containsExactly("rds", "polardb", "redis", "ecs", "ram");
        assertThat(targets.get(0).get("Settings")).isEqualTo(JSON.readTree("{\"adminSecret\":\"targets/db1/admin\","
                + "\"engine\":\"mysql\",\"host\":\"127.0.0.1\",\"port\":3306,\"tls\":\"disable\"}"));
        assertThat(targets.get(2).get("Settings").get("nodes"))
                .isEqualTo(JSON.readTree("[\"10.0.0.7:6379\",\"10.0.0.8:6379\"]"));
        assertThat(r.body()).as("the admin secret's name, never its value").doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void aReaderMayNotListTargets() throws Exception {
        // Readers may read secrets (these ones even), not the worker's configuration.
        var reader = worker.accessKeys().create("reader-" + UUID.randomUUID(),
                PrincipalPolicy.reader(List.of(), List.of("targets/"), List.of()));
        HttpResponse<String> r = targets(reader.accessKeyId(), reader.accessKeySecret());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("Code").asText()).isEqualTo("Forbidden.NoPermission");
        assertThat(r.body()).doesNotContain("db1");
    }

    @ParameterizedTest
    @EnumSource(TargetKind.class)
    void createSecretNamingAnUndeclaredTargetIsRefusedAndCreatesNothing(TargetKind kind) throws Exception {
        int before = validated.get(kind.secretType()).get();
        CreateSecretRequest request = request(kind, "nowhere-" + UUID.randomUUID().toString().substring(0, 8));
        TeaException e = refused(() -> admin.createSecret(request), 400, "InvalidParameter");
        assertThat(e.getData().get("Message").toString()).startsWith("ExtendedConfig." + kind.field() + ": ")
                .contains("is not declared in the worker's configuration");
        assertNothingCreated(kind, request, before);
    }

    @ParameterizedTest
    @EnumSource(TargetKind.class)
    void createSecretNamingATargetOfAnotherKindIsRefusedAndCreatesNothing(TargetKind kind) throws Exception {
        TargetKind other = kind == TargetKind.RDS ? TargetKind.POLARDB : TargetKind.RDS;
        int before = validated.get(kind.secretType()).get();
        CreateSecretRequest request = request(kind, DECLARED.get(other));
        TeaException e = refused(() -> admin.createSecret(request), 400, "InvalidParameter");
        assertThat(e.getData().get("Message").toString()).isEqualTo("ExtendedConfig." + kind.field() + ": target '"
                + DECLARED.get(other) + "' is of kind " + other.id() + "; a " + kind.secretType()
                + " secret needs a target of kind " + kind.id());
        assertNothingCreated(kind, request, before);
    }

    @ParameterizedTest
    @EnumSource(TargetKind.class)
    void createSecretNamingADeclaredTargetOfItsKindReachesTheRotatorAndIsCreated(TargetKind kind) throws Exception {
        int before = validated.get(kind.secretType()).get();
        CreateSecretRequest request = request(kind, DECLARED.get(kind));
        String name = admin.createSecret(request).getBody().getSecretName();
        assertThat(validated.get(kind.secretType())).hasValue(before + 1);
        assertThat(admin.describeSecret(new DescribeSecretRequest().setSecretName(name)).getBody().getSecretType())
                .isEqualTo(kind.secretType().wireName());
    }

    private void assertNothingCreated(TargetKind kind, CreateSecretRequest request, int validatedBefore) {
        assertThat(validated.get(kind.secretType())).as("the rotator never saw it").hasValue(validatedBefore);
        String name = kind == TargetKind.RAM ? "acs/ram/user/" + request.getExtendedConfig().get("UserName")
                : request.getSecretName();
        refused(() -> admin.describeSecret(new DescribeSecretRequest().setSecretName(name)), 404,
                "Forbidden.ResourceNotFound");
    }

    /** A valid CreateSecret of the kind's secret type naming {@code targetId}; a fresh name each time. */
    private static CreateSecretRequest request(TargetKind kind, String targetId) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        CreateSecretRequest r = new CreateSecretRequest().setVersionId("v1")
                .setSecretType(kind.secretType().wireName());
        return switch (kind) {
            case RDS -> r.setSecretName("db/orders-" + unique)
                    .setSecretData("{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Init-pw-1\"}]}")
                    .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", targetId));
            case POLARDB -> r.setSecretName("db/billing-" + unique).setSecretData("$Auto")
                    .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBClusterId", targetId, "DBType",
                            "PostgreSQL", "AccountName", "app", "CloneAccountName", "app_clone", "AccountType",
                            "Normal"));
            case REDIS -> r.setSecretName("cache/sessions-" + unique).setSecretData("$Auto")
                    .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "AccountName", "app",
                            "CloneAccountName", "app_clone", "AccountPrivilege", "RoleReadWrite", "InstanceId",
                            targetId));
            case ECS -> r.setSecretName("acs/ecs/web-" + unique)
                    .setSecretData("{\"UserName\":\"deploy\",\"Password\":\"Init-pw-1\"}")
                    .setExtendedConfig(Map.of("SecretSubType", "Password", "InstanceId", targetId));
            case RAM -> r.setSecretName("$Auto")
                    .setSecretData("{\"AccessKeys\":[{\"AccessKeyId\":\"LTAI" + unique + "\",\"AccessKeySecret\":"
                            + "\"Init-ak-1\"}]}")
                    .setExtendedConfig(Map.of("SecretSubType", "RamUserAccessKey", "UserName", targetId));
        };
    }

    private HttpResponse<String> targets(String keyId, String keySecret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((keyId + ":" + keySecret).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + worker.port() + "/admin/v1/targets"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A rotator that only counts the secrets it is asked to validate: these tests never rotate. */
    private record ValidatingOnly(AtomicInteger validated) implements Rotator {
        @Override
        public void validate(Secret secret, SecretValue initialValue) {
            validated.incrementAndGet();
        }

        @Override
        public CreateResponse create(CreateRequest request) {
            throw new UnsupportedOperationException("not rotated here");
        }

        @Override
        public SetResponse set(SetRequest request) {
            throw new UnsupportedOperationException("not rotated here");
        }

        @Override
        public void test(TestRequest request) {
            throw new UnsupportedOperationException("not rotated here");
        }
    }
}
