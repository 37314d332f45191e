package dev.rotator.worker.api.openapi.secrets;

import com.aliyun.kms20160120.models.CreateSecretResponseBody;
import com.aliyun.kms20160120.models.DeleteSecretResponseBody;
import com.aliyun.kms20160120.models.DescribeSecretResponseBody;
import com.aliyun.kms20160120.models.GetRandomPasswordResponseBody;
import com.aliyun.kms20160120.models.GetSecretPolicyResponseBody;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsResponseBody;
import com.aliyun.kms20160120.models.ListSecretsResponseBody;
import com.aliyun.kms20160120.models.PutSecretValueResponseBody;
import com.aliyun.kms20160120.models.RestoreSecretResponseBody;
import com.aliyun.kms20160120.models.RotateSecretResponseBody;
import com.aliyun.kms20160120.models.SetSecretPolicyResponseBody;
import com.aliyun.kms20160120.models.UpdateSecretResponseBody;
import com.aliyun.kms20160120.models.UpdateSecretRotationPolicyResponseBody;
import com.aliyun.kms20160120.models.UpdateSecretVersionStageResponseBody;
import com.aliyun.tea.TeaModel;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.KmsActions;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.auth.Authorizer;
import dev.rotator.worker.auth.Principal;
import dev.rotator.worker.auth.PrincipalPolicy;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.SdkModels;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every secret action's answer against its kms20160120 1.2.3 response model, read as the SDK's client reads
 * it: each field the model declares is carried (on a secret where every field has a value: managed, rotation
 * on, rotated once, tagged, in its recovery window where that shows), and reads back as sent. DKMSInstanceId
 * is the one field never sent: this worker is no dedicated KMS instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretResponsesMatchTheSdkTest {
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String RDS_CONFIG = "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"db1\","
            + "\"CustomData\":{\"team\":\"payments\"}}";
    private static final String RDS_VALUE = "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Pw-1x\"}]}";
    private static final String POLICY = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"RAM\":[\"ci-bot\"]},\"Action\":[\"kms:GetSecretValue\"],\"Resource\":[\"*\"]}]}";
    private static final Set<String> NO_DKMS = Set.of("DKMSInstanceId");

    private TestDatabase db;
    private JdbcSecretStore store;
    private KmsActions actions;
    private Caller admin;
    private final List<String> queued = new ArrayList<>();

    @BeforeAll
    void open() {
        db = TestDatabases.H2.create();
        LocalKeyRing keys = new LocalKeyRing(db.database().dataSource(), RootKey.generate());
        keys.ensureDefaultKey();
        store = new JdbcSecretStore(db.database(), new EnvelopeCipher(keys));
        SecretService service = new SecretService(store, keys,
                new RotatorRegistry(Map.of(SecretType.RDS, new FakeAccountsRotator())), s -> { },
                (name, token) -> queued.add(name + "#" + token), Clock.systemUTC());
        actions = KmsActions.of(SecretActions.all(service, WorkerConfig.Kms.DEFAULTS));
        Authorizer authorizer = new Authorizer(store::find, name -> Optional.empty());
        admin = new Caller(new Principal("RTAKADMIN", "admin", PrincipalPolicy.admin()), authorizer);
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    /** Runs the action as the dispatcher does and adds the RequestId it adds. */
    private Map<String, Object> call(String action, String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        Map<String, Object> body = new LinkedHashMap<>(actions.find(action).orElseThrow().handle(Params.of(params), admin));
        body.put("RequestId", "R-1");
        return body;
    }

    private static <T extends TeaModel> T complete(Map<String, Object> body, T model, Set<String> absentByDesign) {
        T read = SdkModels.read(body, model);
        assertThat(SdkModels.missingFields(body, read, absentByDesign)).as("model fields the answer lacks").isEmpty();
        return read;
    }

    /** A managed secret with rotation on, CustomData and a tag, rotated once (LastRotationDate). */
    private void createManaged(String name) {
        call("CreateSecret", "SecretName", name, "VersionId", "v1", "SecretData", RDS_VALUE, "SecretType", "Rds",
                "ExtendedConfig", RDS_CONFIG, "EnableAutomaticRotation", "true", "RotationInterval", "7d",
                "Tags", "[{\"TagKey\":\"env\",\"TagValue\":\"prod\"}]", "Description", "orders db");
        Secret s = store.find(name).orElseThrow();
        store.recordRotation(name, s.rotation().afterSuccess(s.createTime()), null);
    }

    @Test
    void createSecretCarriesEveryFieldButDkmsInstanceId() {
        Map<String, Object> body = call("CreateSecret", "SecretName", "models/create", "VersionId", "v1",
                "SecretData", RDS_VALUE, "SecretType", "Rds", "ExtendedConfig", RDS_CONFIG,
                "EnableAutomaticRotation", "true", "RotationInterval", "7d");
        CreateSecretResponseBody r = complete(body, new CreateSecretResponseBody(), NO_DKMS);
        assertThat(r.getArn()).isEqualTo("acs:kms:cn-hangzhou:1234567890123456:secret/models/create");
        assertThat(r.getRotationInterval()).isEqualTo("604800s");
        assertThat(r.getNextRotationDate()).matches(TIME);
        assertThat(r.getAutomaticRotation()).isEqualTo("Enabled");
        assertThat(r.getExtendedConfig()).contains("\"DBInstanceId\":\"db1\"");
    }

    @Test
    void theCheckNamesAFieldTheAnswerLacksAndAWrapperOfTheWrongShape() {
        Map<String, Object> body = call("CreateSecret", "SecretName", "models/check", "VersionId", "v1",
                "SecretData", "x");
        assertThat(SdkModels.missingFields(body, SdkModels.read(body, new CreateSecretResponseBody()), Set.of()))
                .contains("DKMSInstanceId", "RotationInterval", "NextRotationDate", "ExtendedConfig");
        Map<String, Object> flat = call("GetSecretValue", "SecretName", "models/check");
        flat.put("VersionStages", List.of("ACSCurrent"));
        assertThat(catchThrowable(() -> SdkModels.read(flat, new GetSecretValueResponseBody())))
                .isInstanceOf(AssertionError.class).hasMessageContaining("cannot read");
    }

    @Test
    void getSecretValueOfAManagedSecretCarriesEveryField() {
        createManaged("models/get");
        Map<String, Object> body = call("GetSecretValue", "SecretName", "models/get", "FetchExtendedConfig", "true");
        GetSecretValueResponseBody r = complete(body, new GetSecretValueResponseBody(), Set.of());
        assertThat(r.getVersionStages().getVersionStage()).containsExactly("ACSCurrent");
        assertThat(r.getSecretData()).isEqualTo(RDS_VALUE);
        assertThat(r.getCreateTime()).matches(TIME);
        assertThat(r.getLastRotationDate()).matches(TIME);
        assertThat(r.getRotationInterval()).isEqualTo("604800s");
    }

    @Test
    void describeAndListSecretsCarryEveryFieldOfASecretInItsRecoveryWindow() {
        createManaged("models/describe");
        call("DeleteSecret", "SecretName", "models/describe", "RecoveryWindowInDays", "7");
        DescribeSecretResponseBody d = complete(call("DescribeSecret", "SecretName", "models/describe",
                "FetchTags", "true"), new DescribeSecretResponseBody(), NO_DKMS);
        assertThat(d.getTags().getTag()).extracting(t -> t.getTagKey() + "=" + t.getTagValue()).containsExactly("env=prod");
        assertThat(d.getPlannedDeleteTime()).matches(TIME);
        assertThat(d.getDescription()).isEqualTo("orders db");

        ListSecretsResponseBody l = complete(call("ListSecrets", "FetchTags", "true", "Filters",
                "[{\"Key\":\"SecretName\",\"Values\":[\"models/describe\"]}]"), new ListSecretsResponseBody(), Set.of());
        assertThat(l.getTotalCount()).isEqualTo(1);
        assertThat(l.getPageSize()).isEqualTo(10);
        assertThat(l.getSecretList().getSecret().get(0).getPlannedDeleteTime()).isEqualTo(d.getPlannedDeleteTime());
    }

    @Test
    void versionListingAndPutSecretValueCarryEveryField() {
        call("CreateSecret", "SecretName", "models/generic", "VersionId", "v1", "SecretData", "one");
        PutSecretValueResponseBody put = complete(call("PutSecretValue", "SecretName", "models/generic",
                "VersionId", "v2", "SecretData", "two"), new PutSecretValueResponseBody(), Set.of());
        assertThat(put.getVersionStages().getVersionStage()).containsExactly("ACSCurrent");

        ListSecretVersionIdsResponseBody v = complete(call("ListSecretVersionIds", "SecretName", "models/generic"),
                new ListSecretVersionIdsResponseBody(), Set.of());
        assertThat(v.getVersionIds().getVersionId()).extracting(x -> x.getVersionId() + " "
                + x.getVersionStages().getVersionStage()).containsExactly("v1 [ACSPrevious]", "v2 [ACSCurrent]");
        assertThat(v.getTotalCount()).isEqualTo(2);
    }

    @Test
    void theRemainingActionsCarryEveryFieldOfTheirModels() {
        createManaged("models/rest");
        String n = "models/rest";
        complete(call("RotateSecret", "SecretName", n, "VersionId", "r1"), new RotateSecretResponseBody(), Set.of());
        assertThat(queued).contains(n + "#r1");
        complete(call("UpdateSecret", "SecretName", n, "Description", "d2"), new UpdateSecretResponseBody(), Set.of());
        complete(call("UpdateSecretRotationPolicy", "SecretName", n, "EnableAutomaticRotation", "false"),
                new UpdateSecretRotationPolicyResponseBody(), Set.of());
        complete(call("SetSecretPolicy", "SecretName", n, "Policy", POLICY), new SetSecretPolicyResponseBody(), Set.of());
        assertThat(complete(call("GetSecretPolicy", "SecretName", n), new GetSecretPolicyResponseBody(), Set.of())
                .getPolicy()).isEqualTo(POLICY);
        complete(call("GetRandomPassword"), new GetRandomPasswordResponseBody(), Set.of());
        DeleteSecretResponseBody deleted = complete(call("DeleteSecret", "SecretName", n),
                new DeleteSecretResponseBody(), Set.of());
        assertThat(deleted.getPlannedDeleteTime()).matches(TIME);
        complete(call("RestoreSecret", "SecretName", n), new RestoreSecretResponseBody(), Set.of());

        call("CreateSecret", "SecretName", "models/stage", "VersionId", "v1", "SecretData", "one");
        call("PutSecretValue", "SecretName", "models/stage", "VersionId", "v2", "SecretData", "two",
                "VersionStages", "[\"next\"]");
        complete(call("UpdateSecretVersionStage", "SecretName", "models/stage", "VersionStage", "ACSCurrent",
                "MoveToVersion", "v2"), new UpdateSecretVersionStageResponseBody(), Set.of());
    }

    @Test
    void everyActionRegisteredHereIsCoveredByATestOfThisClass() {
        assertThat(actions.names()).containsExactlyInAnyOrder("CreateSecret", "GetSecretValue", "PutSecretValue",
                "DescribeSecret", "ListSecrets", "ListSecretVersionIds", "UpdateSecret", "UpdateSecretRotationPolicy",
                "UpdateSecretVersionStage", "RotateSecret", "DeleteSecret", "RestoreSecret", "GetSecretPolicy",
                "SetSecretPolicy", "GetRandomPassword");
    }
}
