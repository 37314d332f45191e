package dev.rotator.worker.api.openapi.secrets;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.SetSecretPolicyRequest;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.VersionInfo;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import dev.rotator.worker.testing.RunningWorker;
import dev.rotator.worker.testing.MalformedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.rotator.worker.testing.MalformedRequest.bad;
import static dev.rotator.worker.testing.MalformedRequest.invalid;
import static dev.rotator.worker.testing.MalformedRequest.missing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed parameters on every secret action, sent through the official client to a started worker: missing
 * required fields, wrong types, values out of range, bad JSON, over-long names. Each is a 4xx in the Alibaba
 * error shape whose Message starts with the field it is about, never a 500, and the store holds exactly what it
 * held before (secrets, versions, stages, values, policies), with no rotation started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedParametersSdkTest {
    private static final String GENERIC = "mal/generic";
    private static final String MANAGED = "mal/managed";
    private static final String LONG_NAME = "n".repeat(193);
    private static final String LONG_ID = "v".repeat(65);
    private static final String ACCOUNTS = "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"Init-pw-1\"}]}";
    private static final String POLICY = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"RAM\":[\"ci\"]},\"Action\":[\"kms:GetSecretValue\"],\"Resource\":[\"*\"]}]}";

    private RunningWorker api;
    private Client admin;

    static Stream<MalformedRequest> cases() {
        String customData11 = IntStream.range(0, 11).mapToObj(i -> "\"k" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        return Stream.of(
                missing("CreateSecret", "SecretName:", "VersionId", "v1", "SecretData", "x"),
                missing("CreateSecret", "VersionId:", "SecretName", "mal/new", "SecretData", "x"),
                missing("CreateSecret", "SecretData:", "SecretName", "mal/new", "VersionId", "v1"),
                invalid("CreateSecret", "SecretName:", "SecretName", LONG_NAME, "VersionId", "v1", "SecretData", "x"),
                invalid("CreateSecret", "SecretName:", "SecretName", "bad name!", "VersionId", "v1", "SecretData", "x"),
                invalid("CreateSecret", "VersionId:", "SecretName", "mal/new", "VersionId", LONG_ID, "SecretData", "x"),
                invalid("CreateSecret", "EnableAutomaticRotation:", "SecretName", "mal/new", "VersionId", "v1",
                        "SecretData", "x", "EnableAutomaticRotation", "maybe"),
                invalid("CreateSecret", "Tags:", "SecretName", "mal/new", "VersionId", "v1", "SecretData", "x",
                        "Tags", "[{\"TagKey\":\"k\""),
                invalid("CreateSecret", "Tags:", "SecretName", "mal/new", "VersionId", "v1", "SecretData", "x",
                        "Tags", "[{\"TagKey\":\"k\"}]"),
                invalid("CreateSecret", "ExtendedConfig:", "SecretName", "mal/new", "VersionId", "v1", "SecretType", "Rds",
                        "SecretData", "$Auto", "ExtendedConfig", "{\"SecretSubType\":"),
                invalid("CreateSecret", "SecretType:", "SecretName", "mal/new", "VersionId", "v1", "SecretData", "x",
                        "SecretType", "Vault"),
                invalid("CreateSecret", "SecretDataType:", "SecretName", "mal/new", "VersionId", "v1", "SecretData", "x",
                        "SecretDataType", "blob"),
                invalid("CreateSecret", "SecretData:", "SecretName", "mal/new", "VersionId", "v1", "SecretData", "%%%",
                        "SecretDataType", "binary"),
                invalid("CreateSecret", "RotationInterval:", "SecretName", "mal/new", "VersionId", "v1",
                        "SecretType", "Rds", "SecretData", ACCOUNTS, "ExtendedConfig", RunningWorker.MANAGED_CONFIG,
                        "EnableAutomaticRotation", "true", "RotationInterval", "forever"),
                invalid("CreateSecret", "Description:", "SecretName", "mal/new", "VersionId", "v1", "SecretData", "x",
                        "Description", "d".repeat(257)),
                invalid("CreateSecret", "Policy:", "SecretName", "mal/new", "VersionId", "v1", "SecretData", "x",
                        "Policy", "{\"Version\":"),
                invalid("CreateSecret", "Policy.Statement[0].Effect:", "SecretName", "mal/new", "VersionId", "v1",
                        "SecretData", "x", "Policy", POLICY.replace("Allow", "Permit")),
                bad("CreateSecret", 404, "Forbidden.KeyNotFound", "EncryptionKeyId:", "SecretName", "mal/new",
                        "VersionId", "v1", "SecretData", "x", "EncryptionKeyId", "key-nope"),

                missing("GetSecretValue", "SecretName:"),
                invalid("GetSecretValue", "FetchExtendedConfig:", "SecretName", GENERIC, "FetchExtendedConfig", "maybe"),
                invalid("GetSecretValue", "VersionStage:", "SecretName", GENERIC, "VersionStage", "bad stage!"),
                invalid("GetSecretValue", "VersionId:", "SecretName", GENERIC, "VersionId", LONG_ID),
                invalid("GetSecretValue", "DryRun:", "SecretName", GENERIC, "DryRun", "maybe"),
                bad("GetSecretValue", 404, "Forbidden.ResourceNotFound", "SecretName:", "SecretName", LONG_NAME),

                missing("PutSecretValue", "SecretName:", "VersionId", "v9", "SecretData", "x"),
                missing("PutSecretValue", "VersionId:", "SecretName", GENERIC, "SecretData", "x"),
                missing("PutSecretValue", "SecretData:", "SecretName", GENERIC, "VersionId", "v9"),
                invalid("PutSecretValue", "VersionId:", "SecretName", GENERIC, "VersionId", LONG_ID, "SecretData", "x"),
                invalid("PutSecretValue", "VersionStages:", "SecretName", GENERIC, "VersionId", "v9", "SecretData", "x",
                        "VersionStages", "[\"ACSCurrent\""),
                invalid("PutSecretValue", "VersionStages:", "SecretName", GENERIC, "VersionId", "v9", "SecretData", "x",
                        "VersionStages", "[\"ACSPending\"]"),
                invalid("PutSecretValue", "VersionStages:", "SecretName", GENERIC, "VersionId", "v9", "SecretData", "x",
                        "VersionStages", "{\"Stage\":1}"),
                invalid("PutSecretValue", "SecretDataType:", "SecretName", GENERIC, "VersionId", "v9", "SecretData", "x",
                        "SecretDataType", "blob"),
                invalid("PutSecretValue", "SecretType:", "SecretName", MANAGED, "VersionId", "v9", "SecretData", "x"),

                missing("DescribeSecret", "SecretName:", "FetchTags", "true"),
                invalid("DescribeSecret", "FetchTags:", "SecretName", GENERIC, "FetchTags", "maybe"),

                invalid("ListSecrets", "PageSize:", "PageSize", "abc"),
                invalid("ListSecrets", "PageSize:", "PageSize", "0"),
                invalid("ListSecrets", "PageSize:", "PageSize", "101"),
                invalid("ListSecrets", "PageNumber:", "PageNumber", "-1"),
                invalid("ListSecrets", "PageNumber:", "PageNumber", "99999999999"),
                invalid("ListSecrets", "Filters:", "Filters", "[{\"Key\":"),
                invalid("ListSecrets", "Filters.Key:", "Filters", "[{\"Key\":\"Colour\",\"Values\":[\"x\"]}]"),
                invalid("ListSecrets", "FetchTags:", "FetchTags", "maybe"),

                missing("ListSecretVersionIds", "SecretName:"),
                invalid("ListSecretVersionIds", "IncludeDeprecated:", "SecretName", GENERIC, "IncludeDeprecated", "maybe"),
                invalid("ListSecretVersionIds", "PageSize:", "SecretName", GENERIC, "PageSize", "abc"),
                invalid("ListSecretVersionIds", "PageNumber:", "SecretName", GENERIC, "PageNumber", "0"),

                missing("UpdateSecret", "SecretName:", "Description", "d"),
                invalid("UpdateSecret", "ExtendedConfig:", "SecretName", MANAGED, "ExtendedConfig", "{\"CustomData\":"),
                invalid("UpdateSecret", "ExtendedConfig:", "SecretName", MANAGED, "ExtendedConfig", "{\"DBInstanceId\":\"x\"}"),
                invalid("UpdateSecret", "ExtendedConfig.CustomData:", "SecretName", MANAGED,
                        "ExtendedConfig.CustomData", "[1]"),
                invalid("UpdateSecret", "ExtendedConfig.CustomData:", "SecretName", MANAGED,
                        "ExtendedConfig.CustomData", customData11),
                invalid("UpdateSecret", "ExtendedConfig.Other:", "SecretName", MANAGED, "ExtendedConfig.Other", "1"),
                invalid("UpdateSecret", "ExtendedConfig:", "SecretName", MANAGED, "ExtendedConfig.CustomData.k", "1",
                        "ExtendedConfig", "{\"CustomData\":{}}"),
                invalid("UpdateSecret", "Description:", "SecretName", GENERIC, "Description", "d".repeat(257)),

                missing("UpdateSecretRotationPolicy", "SecretName:", "EnableAutomaticRotation", "false"),
                missing("UpdateSecretRotationPolicy", "EnableAutomaticRotation:", "SecretName", MANAGED),
                invalid("UpdateSecretRotationPolicy", "EnableAutomaticRotation:", "SecretName", MANAGED,
                        "EnableAutomaticRotation", "maybe"),
                invalid("UpdateSecretRotationPolicy", "RotationInterval:", "SecretName", MANAGED,
                        "EnableAutomaticRotation", "true", "RotationInterval", "abc"),
                invalid("UpdateSecretRotationPolicy", "RotationInterval:", "SecretName", MANAGED,
                        "EnableAutomaticRotation", "true", "RotationInterval", "1h"),
                invalid("UpdateSecretRotationPolicy", "EnableAutomaticRotation:", "SecretName", GENERIC,
                        "EnableAutomaticRotation", "true", "RotationInterval", "7d"),

                missing("UpdateSecretVersionStage", "SecretName:", "VersionStage", "x", "MoveToVersion", "v1"),
                missing("UpdateSecretVersionStage", "VersionStage:", "SecretName", GENERIC, "MoveToVersion", "v1"),
                missing("UpdateSecretVersionStage", "RemoveFromVersion, MoveToVersion:", "SecretName", GENERIC,
                        "VersionStage", "canary"),
                invalid("UpdateSecretVersionStage", "VersionStage:", "SecretName", GENERIC, "VersionStage", "ACSPending",
                        "MoveToVersion", "v1"),
                invalid("UpdateSecretVersionStage", "MoveToVersion:", "SecretName", GENERIC, "VersionStage", "canary",
                        "MoveToVersion", LONG_ID),
                invalid("UpdateSecretVersionStage", "MoveToVersion:", "SecretName", GENERIC, "VersionStage", "ACSCurrent",
                        "RemoveFromVersion", "v2"),

                missing("RotateSecret", "SecretName:", "VersionId", "r1"),
                missing("RotateSecret", "VersionId:", "SecretName", MANAGED),
                invalid("RotateSecret", "VersionId:", "SecretName", MANAGED, "VersionId", LONG_ID),
                invalid("RotateSecret", "SecretType:", "SecretName", GENERIC, "VersionId", "r1"),

                missing("DeleteSecret", "SecretName:", "RecoveryWindowInDays", "7"),
                invalid("DeleteSecret", "RecoveryWindowInDays:", "SecretName", GENERIC, "RecoveryWindowInDays", "abc"),
                invalid("DeleteSecret", "RecoveryWindowInDays:", "SecretName", GENERIC, "RecoveryWindowInDays", "6"),
                invalid("DeleteSecret", "RecoveryWindowInDays:", "SecretName", GENERIC, "RecoveryWindowInDays", "31"),
                invalid("DeleteSecret", "ForceDeleteWithoutRecovery:", "SecretName", GENERIC,
                        "ForceDeleteWithoutRecovery", "maybe"),

                missing("RestoreSecret", "SecretName:"),
                invalid("RestoreSecret", "SecretName:", "SecretName", GENERIC),

                missing("GetSecretPolicy", "SecretName:", "PolicyName", "default"),
                invalid("GetSecretPolicy", "PolicyName:", "SecretName", GENERIC, "PolicyName", "other"),

                missing("SetSecretPolicy", "SecretName:", "Policy", POLICY),
                missing("SetSecretPolicy", "Policy:", "SecretName", GENERIC),
                invalid("SetSecretPolicy", "Policy:", "SecretName", GENERIC, "Policy", "{\"Version\":"),
                invalid("SetSecretPolicy", "Policy:", "SecretName", GENERIC, "Policy", "[]"),
                invalid("SetSecretPolicy", "Policy:", "SecretName", GENERIC, "Policy", "{\"x\":\"" + "p".repeat(32_768) + "\"}"),
                invalid("SetSecretPolicy", "Policy.Statement[0].Condition:", "SecretName", GENERIC, "Policy",
                        POLICY.replace("\"Resource\"", "\"Condition\":{},\"Resource\"")),
                invalid("SetSecretPolicy", "PolicyName:", "SecretName", GENERIC, "Policy", POLICY, "PolicyName", "x"),

                invalid("GetRandomPassword", "PasswordLength:", "PasswordLength", "abc"),
                invalid("GetRandomPassword", "PasswordLength:", "PasswordLength", "7"),
                invalid("GetRandomPassword", "PasswordLength:", "PasswordLength", "129"),
                invalid("GetRandomPassword", "ExcludeLowercase:", "ExcludeLowercase", "maybe"),
                invalid("GetRandomPassword", "RequireEachIncludedType:", "RequireEachIncludedType", "maybe"),
                invalid("GetRandomPassword", "ExcludeLowercase, ExcludeUppercase, ExcludeNumbers, ExcludePunctuation:",
                        "ExcludeLowercase", "true", "ExcludeUppercase", "true", "ExcludeNumbers", "true",
                        "ExcludePunctuation", "true"));
    }

    @BeforeAll
    void start() throws Exception {
        api = RunningWorker.start();
        admin = api.admin();
        admin.createSecret(new CreateSecretRequest().setSecretName(GENERIC).setVersionId("v1").setSecretData("one"));
        admin.putSecretValue(new PutSecretValueRequest().setSecretName(GENERIC).setVersionId("v2").setSecretData("two")
                .setVersionStages("[\"canary\"]"));
        admin.setSecretPolicy(new SetSecretPolicyRequest().setSecretName(GENERIC).setPolicy(POLICY));
        admin.createSecret(new CreateSecretRequest().setSecretName(MANAGED).setVersionId("v1").setSecretType("Rds")
                .setSecretData(ACCOUNTS)
                .setExtendedConfig(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db1"))
                .setEnableAutomaticRotation(true).setRotationInterval("7d"));
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    /** Everything the store holds: each secret with its versions (labels and values) and policy. */
    record Snapshot(List<Secret> secrets, Map<String, List<VersionInfo>> versions, Map<String, SecretValue> values,
                    Map<String, Optional<String>> policies) {
    }

    private Snapshot snapshot() {
        JdbcSecretStore store = api.worker.store();
        List<Secret> secrets = store.list(null, 1_000);
        Map<String, List<VersionInfo>> versions = new LinkedHashMap<>();
        Map<String, SecretValue> values = new LinkedHashMap<>();
        Map<String, Optional<String>> policies = new LinkedHashMap<>();
        for (Secret s : secrets) {
            versions.put(s.name(), store.versions(s.name()));
            for (VersionInfo v : store.versions(s.name())) {
                values.put(s.name() + "#" + v.versionId(), store.version(s.name(), v.versionId()).orElseThrow().value());
            }
            policies.put(s.name(), store.policy(s.name(), "default"));
        }
        return new Snapshot(secrets, versions, values, policies);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aMalformedRequestIsA4xxNamingTheFieldAndChangesNothing(MalformedRequest bad) throws Exception {
        Snapshot before = snapshot();
        int rotations = api.rotator.accounts.calls(Point.CREATE);

        bad.sendAndExpectRefusal(admin, UnaryOperator.identity());

        assertThat(snapshot()).isEqualTo(before);
        assertThat(api.rotator.accounts.calls(Point.CREATE)).isEqualTo(rotations);
    }

    @Test
    void everySecretActionHasMalformedCases() {
        Set<String> covered = cases().map(MalformedRequest::action).collect(Collectors.toCollection(TreeSet::new));
        Set<String> served = new TreeSet<>();
        SecretActions.all(api.worker.secrets(), dev.rotator.worker.config.WorkerConfig.Kms.DEFAULTS)
                .forEach(a -> served.add(a.name()));
        assertThat(covered).isEqualTo(served);
    }
}
