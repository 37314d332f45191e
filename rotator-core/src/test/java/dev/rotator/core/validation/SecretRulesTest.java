package dev.rotator.core.validation;

import dev.rotator.core.DataType;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.SecretType;
import dev.rotator.core.Tag;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.rotator.core.validation.Fixtures.chars;
import static dev.rotator.core.validation.Fixtures.invalid;
import static dev.rotator.core.validation.Fixtures.keys;
import static dev.rotator.core.validation.Fixtures.refused;
import static dev.rotator.core.validation.SecretRules.*;
import static org.assertj.core.api.Assertions.assertThat;

class SecretRulesTest {

    @Nested
    class SecretTypeAndDataType {
        @Test
        void typeDefaultsToGenericAndIsCaseInsensitive() {
            assertThat(parseSecretType(null)).isEqualTo(SecretType.GENERIC);
            assertThat(parseSecretType("rds")).isEqualTo(SecretType.RDS);
            assertThat(parseSecretType("RAMCredentials")).isEqualTo(SecretType.RAM_CREDENTIALS);
        }

        @Test
        void unknownTypeRefused() {
            invalid(() -> parseSecretType("Mongo"), "SecretType", "must be one of", "Generic", "PolarDB");
        }

        @Test
        void dataTypeDefaultsToTextAndTakesBinaryForGeneric() {
            assertThat(parseDataType(SecretType.GENERIC, null)).isEqualTo(DataType.TEXT);
            assertThat(parseDataType(SecretType.GENERIC, "binary")).isEqualTo(DataType.BINARY);
            assertThat(parseDataType(SecretType.RDS, "text")).isEqualTo(DataType.TEXT);
        }

        @Test
        void unknownDataTypeRefused() {
            invalid(() -> parseDataType(SecretType.GENERIC, "base64"), "SecretDataType", "text or binary");
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = "GENERIC", mode = EnumSource.Mode.EXCLUDE)
        void managedTypesRefuseBinary(SecretType type) {
            invalid(() -> parseDataType(type, "binary"), "SecretDataType", "must be text");
        }
    }

    @Nested
    class SecretName {
        @Test
        void length192AcceptedAnd193Refused() {
            assertThat(checkSecretName(SecretType.GENERIC, chars(192))).hasSize(192);
            invalid(() -> checkSecretName(SecretType.GENERIC, chars(193)), "SecretName", "at most 192 characters");
        }

        @Test
        void requiredMissing() {
            refused(() -> checkSecretName(SecretType.GENERIC, null), ErrorCode.MISSING_PARAMETER, "SecretName");
            refused(() -> checkSecretName(SecretType.GENERIC, ""), ErrorCode.MISSING_PARAMETER, "SecretName");
        }

        @Test
        void everyAllowedCharacterAccepted() {
            assertThat(checkSecretName(SecretType.GENERIC, "azAZ09_/+=.-@")).isEqualTo("azAZ09_/+=.-@");
        }

        @ParameterizedTest
        @ValueSource(strings = {"a b", "a#b", "a:b", "ä", "a\\b", "$Auto", "a*"})
        void otherCharactersRefused(String name) {
            invalid(() -> checkSecretName(SecretType.GENERIC, name), "SecretName", "may contain only");
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = {"GENERIC", "RDS", "REDIS", "POLARDB"})
        void acsPrefixRefusedOutsideEcsAndRam(SecretType type) {
            invalid(() -> checkSecretName(type, "acs/db"), "SecretName", "must not start with acs/");
            invalid(() -> checkSecretName(type, "ACS/db"), "SecretName", "must not start with acs/");
            assertThat(checkSecretName(type, "my-acs/db")).isEqualTo("my-acs/db");
            assertThat(checkSecretName(type, "acsdb")).isEqualTo("acsdb");
        }

        @Test
        void ecsNameMustStartWithAcsEcs() {
            assertThat(checkSecretName(SecretType.ECS, "acs/ecs/host-1")).isEqualTo("acs/ecs/host-1");
            String longest = "acs/ecs/" + chars(192 - 8);
            assertThat(checkSecretName(SecretType.ECS, longest)).hasSize(192);
            invalid(() -> checkSecretName(SecretType.ECS, longest + "x"), "SecretName", "at most 192");
            invalid(() -> checkSecretName(SecretType.ECS, "host-1"), "SecretName", "must start with acs/ecs/");
            invalid(() -> checkSecretName(SecretType.ECS, "acs/ECS/host-1"), "SecretName", "must start with acs/ecs/");
        }

        @Test
        void ramCallerPassesAuto() {
            requireAutoName("$Auto");
            invalid(() -> requireAutoName("acs/ram/user/alice"), "SecretName", "$Auto");
            invalid(() -> requireAutoName("$auto"), "SecretName", "$Auto");
            refused(() -> requireAutoName(null), ErrorCode.MISSING_PARAMETER, "SecretName");
        }

        @Test
        void ramNameIsGeneratedAndChecked() {
            assertThat(ramSecretName("alice")).isEqualTo("acs/ram/user/alice");
            String prefix = "acs/ram/user/";
            assertThat(ramSecretName(chars(192 - prefix.length()))).hasSize(192);
            invalid(() -> ramSecretName(chars(193 - prefix.length())), "SecretName (acs/ram/user/ + ExtendedConfig.UserName)",
                    "at most 192");
            invalid(() -> ramSecretName("al ice"), "SecretName (acs/ram/user/ + ExtendedConfig.UserName)", "may contain only");
            refused(() -> ramSecretName(""), ErrorCode.MISSING_PARAMETER, "ExtendedConfig.UserName");
        }

        @Test
        void ramNameOutsideItsPrefixRefused() {
            invalid(() -> checkSecretName(SecretType.RAM_CREDENTIALS, "acs/ecs/x"), "SecretName", "acs/ram/user/");
        }
    }

    @Nested
    class VersionId {
        @Test
        void length64AcceptedAnd65Refused() {
            assertThat(checkVersionId(chars(64))).hasSize(64);
            invalid(() -> checkVersionId(chars(65)), "VersionId", "at most 64 characters");
        }

        @Test
        void blankRefusedAndAbsentMissing() {
            invalid(() -> checkVersionId("   "), "VersionId", "blank");
            refused(() -> checkVersionId(null), ErrorCode.MISSING_PARAMETER, "VersionId");
        }

        @Test
        void aVersionIdGivenInAnotherFieldIsNamedByThatField() {
            invalid(() -> checkVersionId("MoveToVersion", chars(65)), "MoveToVersion", "at most 64 characters");
            invalid(() -> checkVersionId("RemoveFromVersion", " "), "RemoveFromVersion", "blank");
        }

        @Test
        void defaultsToV1AtCreation() {
            assertThat(versionIdOrDefault(null)).isEqualTo("v1");
            assertThat(versionIdOrDefault("")).isEqualTo("v1");
            assertThat(versionIdOrDefault("000000123")).isEqualTo("000000123");
        }

        @Test
        void newVersionIdMustBeUnused() {
            assertThat(requireNewVersionId(List.of("v1", "v2"), "v3")).isEqualTo("v3");
            refused(() -> requireNewVersionId(List.of("v1", "v2"), "v2"), ErrorCode.RESOURCE_EXIST, "VersionId",
                    "already exists");
            invalid(() -> requireNewVersionId(List.of(), chars(65)), "VersionId", "at most 64");
        }
    }

    @Nested
    class SecretData {
        private static final String RDS_SINGLE = "{\"SecretSubType\":\"SingleUser\",\"DBInstanceId\":\"rm-1\"}";
        private static final String RDS_DOUBLE = "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"rm-1\"}";
        private static final String ECS_PASSWORD = "{\"SecretSubType\":\"Password\",\"InstanceId\":\"i-1\"}";
        private static final String ECS_SSH = "{\"SecretSubType\":\"SSHKey\",\"InstanceId\":\"i-1\"}";
        private static final String PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@host";

        private void check(SecretType type, String config, String data) {
            checkSecretData(type, parseExtendedConfig(type, config), NewSecretRequest.utf8(data));
        }

        private static String accounts(String... jsonAccounts) {
            return "{\"Accounts\":[" + String.join(",", jsonAccounts) + "]}";
        }

        private static String account(String name) {
            return "{\"AccountName\":\"" + name + "\",\"AccountPassword\":\"pw\"}";
        }

        @Test
        void size30720BytesAcceptedAnd30721Refused() {
            checkSecretData(SecretType.GENERIC, ExtendedConfig.EMPTY, new byte[30_720]);
            invalid(() -> checkSecretData(SecretType.GENERIC, ExtendedConfig.EMPTY, new byte[30_721]), "SecretData",
                    "at most 30720 bytes");
        }

        @Test
        void textCountsUtf8Bytes() {
            String euros = "€".repeat(10_240); // 3 bytes each: exactly 30,720
            checkSecretData(SecretType.GENERIC, ExtendedConfig.EMPTY, NewSecretRequest.utf8(euros));
            invalid(() -> checkSecretData(SecretType.GENERIC, ExtendedConfig.EMPTY, NewSecretRequest.utf8(euros + "a")),
                    "SecretData", "at most 30720 bytes");
        }

        @Test
        void requiredMissing() {
            refused(() -> checkSecretData(SecretType.GENERIC, ExtendedConfig.EMPTY, null), ErrorCode.MISSING_PARAMETER, "SecretData");
            refused(() -> checkSecretData(SecretType.GENERIC, ExtendedConfig.EMPTY, new byte[0]), ErrorCode.MISSING_PARAMETER, "SecretData");
        }

        @Test
        void rdsImportOfOneOrTwoAccounts() {
            check(SecretType.RDS, RDS_SINGLE, accounts(account("app")));
            check(SecretType.RDS, RDS_DOUBLE, accounts(account("app")));
            check(SecretType.RDS, RDS_DOUBLE, accounts(account("app"), account("app_clone")));
            check(SecretType.RDS, RDS_DOUBLE, accounts(account("app_clone"), account("app")));
        }

        @Test
        void rdsAccountCountRefused() {
            invalid(() -> check(SecretType.RDS, RDS_DOUBLE, accounts()), "SecretData.Accounts", "at least 1");
            invalid(() -> check(SecretType.RDS, RDS_DOUBLE, accounts(account("a"), account("a_clone"), account("b"))),
                    "SecretData.Accounts", "at most 2");
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, accounts(account("app"), account("app_clone"))),
                    "SecretData.Accounts", "SingleUser");
            invalid(() -> check(SecretType.RDS, RDS_DOUBLE, accounts(account("app"), account("other"))),
                    "SecretData.Accounts", "_clone");
        }

        @Test
        void rdsMissingKeysNamed() {
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, "{\"Accounts\":[{\"AccountName\":\"app\"}]}"),
                    "SecretData.Accounts[0].AccountPassword", "is required");
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, "{\"Accounts\":[{\"AccountPassword\":\"pw\"}]}"),
                    "SecretData.Accounts[0].AccountName", "is required");
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"\"}]}"),
                    "SecretData.Accounts[0].AccountPassword", "non-empty string");
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, "{\"AccountName\":\"app\",\"AccountPassword\":\"pw\"}"),
                    "SecretData.Accounts", "is required");
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, "{\"Accounts\":[\"app\"]}"),
                    "SecretData.Accounts[0]", "JSON object");
        }

        @Test
        void rdsBadJsonRefused() {
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, "{\"Accounts\":["), "SecretData", "Accounts");
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, "[]"), "SecretData", "Accounts");
            invalid(() -> check(SecretType.RDS, RDS_SINGLE, accounts(account("app")) + "x"), "SecretData", "Accounts");
        }

        @Test
        void rdsCreateAccountModeTakesAutoAndAccountName() {
            check(SecretType.RDS, "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"rm-1\",\"AccountName\":\"app\"}", "$Auto");
            invalid(() -> check(SecretType.RDS, RDS_DOUBLE, "$Auto"), "ExtendedConfig.AccountName", "$Auto");
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = {"REDIS", "POLARDB"})
        void redisAndPolarDbTakeAuto(SecretType type) {
            String config = type == SecretType.REDIS ? ExtendedConfigRules.REDIS : ExtendedConfigRules.POLARDB;
            check(type, config, "$Auto");
            invalid(() -> check(type, config, accounts(account("app"))), "SecretData", "must be $Auto");
        }

        @Test
        void ramTakesOneOrTwoAccessKeys() {
            String key1 = "{\"AccessKeyId\":\"LTAI1\",\"AccessKeySecret\":\"s1\"}";
            String key2 = "{\"AccessKeyId\":\"LTAI2\",\"AccessKeySecret\":\"s2\"}";
            String key3 = "{\"AccessKeyId\":\"LTAI3\",\"AccessKeySecret\":\"s3\"}";
            check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM, "{\"AccessKeys\":[" + key1 + "]}");
            check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM, "{\"AccessKeys\":[" + key1 + "," + key2 + "]}");
            invalid(() -> check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM,
                    "{\"AccessKeys\":[" + key1 + "," + key2 + "," + key3 + "]}"), "SecretData.AccessKeys", "at most 2");
            invalid(() -> check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM, "{\"AccessKeys\":[]}"),
                    "SecretData.AccessKeys", "at least 1");
            invalid(() -> check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM, "{\"AccessKeys\":[" + key1 + "," + key1 + "]}"),
                    "SecretData.AccessKeys", "must differ");
            invalid(() -> check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM, "{\"AccessKeys\":[{\"AccessKeyId\":\"LTAI1\"}]}"),
                    "SecretData.AccessKeys[0].AccessKeySecret", "is required");
            invalid(() -> check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM, "{\"AccessKeys\":[{\"AccessKeySecret\":\"s\"}]}"),
                    "SecretData.AccessKeys[0].AccessKeyId", "is required");
            invalid(() -> check(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM, "not json"), "SecretData", "AccessKeys");
        }

        @Test
        void ecsPassword() {
            check(SecretType.ECS, ECS_PASSWORD, "{\"UserName\":\"ecs-user\",\"Password\":\"pw\"}");
            invalid(() -> check(SecretType.ECS, ECS_PASSWORD, "{\"UserName\":\"ecs-user\"}"), "SecretData.Password", "is required");
            invalid(() -> check(SecretType.ECS, ECS_PASSWORD, "{\"Password\":\"pw\"}"), "SecretData.UserName", "is required");
            invalid(() -> check(SecretType.ECS, ECS_PASSWORD, "ecs-user:pw"), "SecretData", "UserName", "Password");
        }

        @Test
        void ecsSshKey() {
            String ok = "{\"UserName\":\"ecs-user\",\"PublicKey\":\"" + PUBLIC_KEY + "\",\"PrivateKey\":\"-----BEGIN OPENSSH PRIVATE KEY-----\"}";
            check(SecretType.ECS, ECS_SSH, ok);
            invalid(() -> check(SecretType.ECS, ECS_SSH, "{\"UserName\":\"ecs-user\",\"PublicKey\":\"" + PUBLIC_KEY + "\"}"),
                    "SecretData.PrivateKey", "is required");
            invalid(() -> check(SecretType.ECS, ECS_SSH, "{\"UserName\":\"u\",\"PrivateKey\":\"k\"}"),
                    "SecretData.PublicKey", "is required");
            invalid(() -> check(SecretType.ECS, ECS_SSH, ok.replace("ssh-ed25519 ", "ed25519:")),
                    "SecretData.PublicKey", "OpenSSH public key");
        }
    }

    /** Valid ExtendedConfig per managed type, and the keys each requires. */
    static final class ExtendedConfigRules {
        static final String RDS = "{\"SecretSubType\":\"SingleUser\",\"DBInstanceId\":\"rm-1\"}";
        static final String REDIS = "{\"SecretSubType\":\"DoubleUsers\",\"AccountName\":\"app\",\"CloneAccountName\":\"app_clone\","
                + "\"AccountPrivilege\":\"RoleReadWrite\",\"InstanceId\":\"r-1\"}";
        static final String POLARDB = "{\"SecretSubType\":\"DoubleUsers\",\"DBClusterId\":\"pc-1\",\"DBType\":\"MySQL\","
                + "\"AccountName\":\"app\",\"CloneAccountName\":\"app_clone\",\"AccountType\":\"Normal\"}";
        static final String RAM = "{\"SecretSubType\":\"RamUserAccessKey\",\"UserName\":\"alice\"}";
        static final String ECS = "{\"SecretSubType\":\"Password\",\"InstanceId\":\"i-1\"}";

        static final Map<SecretType, String> VALID = Map.of(SecretType.RDS, RDS, SecretType.REDIS, REDIS,
                SecretType.POLARDB, POLARDB, SecretType.RAM_CREDENTIALS, RAM, SecretType.ECS, ECS);

        static final Map<SecretType, List<String>> REQUIRED = Map.of(
                SecretType.RDS, List.of("SecretSubType", "DBInstanceId"),
                SecretType.REDIS, List.of("SecretSubType", "AccountName", "CloneAccountName", "AccountPrivilege", "InstanceId"),
                SecretType.POLARDB, List.of("SecretSubType", "DBClusterId", "DBType", "AccountName", "CloneAccountName", "AccountType"),
                SecretType.RAM_CREDENTIALS, List.of("SecretSubType", "UserName"),
                SecretType.ECS, List.of("SecretSubType", "InstanceId"));

        private ExtendedConfigRules() {
        }
    }

    @Nested
    class ExtendedConfigTests {
        private static final String RDS_PREFIX = "{\"SecretSubType\":\"SingleUser\",\"DBInstanceId\":\"rm-1\",\"CustomData\":{\"k\":\"";

        /** A valid Rds ExtendedConfig of exactly {@code length} characters. */
        private static String rdsOfLength(int length) {
            String json = RDS_PREFIX + "\"}}";
            return RDS_PREFIX + chars(length - json.length()) + "\"}}";
        }

        static Stream<Arguments> requiredKeys() {
            return ExtendedConfigRules.REQUIRED.entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(key -> Arguments.of(e.getKey(), key)));
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = "GENERIC", mode = EnumSource.Mode.EXCLUDE)
        void validConfigOfEachManagedTypeAccepted(SecretType type) {
            ExtendedConfig config = parseExtendedConfig(type, ExtendedConfigRules.VALID.get(type));
            assertThat(config.asMap()).containsKeys(ExtendedConfigRules.REQUIRED.get(type).toArray(String[]::new));
        }

        @ParameterizedTest(name = "{0} without {1}")
        @MethodSource("requiredKeys")
        void eachRequiredKeyMissingRefused(SecretType type, String key) {
            String json = ExtendedConfigRules.VALID.get(type).replaceFirst("\"" + key + "\":\"[^\"]*\",?", "").replace(",}", "}");
            assertThat(json).doesNotContain("\"" + key + "\"");
            invalid(() -> parseExtendedConfig(type, json), "ExtendedConfig." + key, "is required");
        }

        @Test
        void ignoredForGeneric() {
            assertThat(parseExtendedConfig(SecretType.GENERIC, "not even json")).isEqualTo(ExtendedConfig.EMPTY);
            assertThat(parseExtendedConfig(SecretType.GENERIC, null)).isEqualTo(ExtendedConfig.EMPTY);
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = "GENERIC", mode = EnumSource.Mode.EXCLUDE)
        void requiredForManagedTypes(SecretType type) {
            refused(() -> parseExtendedConfig(type, null), ErrorCode.MISSING_PARAMETER, "ExtendedConfig", type.wireName());
            refused(() -> parseExtendedConfig(type, " "), ErrorCode.MISSING_PARAMETER, "ExtendedConfig");
        }

        @Test
        void length1024AcceptedAnd1025Refused() {
            assertThat(rdsOfLength(1024)).hasSize(1024);
            parseExtendedConfig(SecretType.RDS, rdsOfLength(1024));
            invalid(() -> parseExtendedConfig(SecretType.RDS, rdsOfLength(1025)), "ExtendedConfig", "at most 1024 characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"x\"", "{bad", "{\"SecretSubType\":\"SingleUser\"} {}",
                "{\"SecretSubType\":\"SingleUser\",\"SecretSubType\":\"SingleUser\",\"DBInstanceId\":\"rm-1\"}"})
        void notOneJsonObjectRefused(String json) {
            invalid(() -> parseExtendedConfig(SecretType.RDS, json), "ExtendedConfig", "JSON object");
        }

        @Test
        void allowedValuesChecked() {
            invalid(() -> parseExtendedConfig(SecretType.RDS, ExtendedConfigRules.RDS.replace("SingleUser", "TripleUsers")),
                    "ExtendedConfig.SecretSubType", "SingleUser, DoubleUsers");
            invalid(() -> parseExtendedConfig(SecretType.REDIS, ExtendedConfigRules.REDIS.replace("DoubleUsers", "SingleUser")),
                    "ExtendedConfig.SecretSubType", "DoubleUsers");
            invalid(() -> parseExtendedConfig(SecretType.POLARDB, ExtendedConfigRules.POLARDB.replace("MySQL", "Oracle")),
                    "ExtendedConfig.DBType", "MySQL, PostgreSQL");
            invalid(() -> parseExtendedConfig(SecretType.POLARDB, ExtendedConfigRules.POLARDB.replace("Normal", "Super")),
                    "ExtendedConfig.AccountType", "Normal");
            invalid(() -> parseExtendedConfig(SecretType.RAM_CREDENTIALS, ExtendedConfigRules.RAM.replace("RamUserAccessKey", "Other")),
                    "ExtendedConfig.SecretSubType", "RamUserAccessKey");
            invalid(() -> parseExtendedConfig(SecretType.ECS, ExtendedConfigRules.ECS.replace("Password", "Token")),
                    "ExtendedConfig.SecretSubType", "Password, SSHKey");
            parseExtendedConfig(SecretType.POLARDB, ExtendedConfigRules.POLARDB.replace("MySQL", "PostgreSQL"));
            parseExtendedConfig(SecretType.ECS, ExtendedConfigRules.ECS.replace("Password", "SSHKey"));
            parseExtendedConfig(SecretType.RDS, ExtendedConfigRules.RDS.replace("SingleUser", "DoubleUsers"));
        }

        @Test
        void knownKeysMustBeStrings() {
            invalid(() -> parseExtendedConfig(SecretType.RDS, "{\"SecretSubType\":1,\"DBInstanceId\":\"rm-1\"}"),
                    "ExtendedConfig.SecretSubType", "non-empty string");
            invalid(() -> parseExtendedConfig(SecretType.RDS, "{\"SecretSubType\":\"SingleUser\",\"DBInstanceId\":\"\"}"),
                    "ExtendedConfig.DBInstanceId", "non-empty string");
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = {"REDIS", "POLARDB"})
        void cloneAccountNameIsAccountNamePlusClone(SecretType type) {
            String json = ExtendedConfigRules.VALID.get(type).replace("app_clone", "app2");
            invalid(() -> parseExtendedConfig(type, json), "ExtendedConfig.CloneAccountName", "AccountName + _clone");
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = {"REDIS", "POLARDB", "ECS"})
        void regionIdOptionalButKept(SecretType type) {
            String json = ExtendedConfigRules.VALID.get(type).replaceFirst("}$", ",\"RegionId\":\"cn-hangzhou\"}");
            assertThat(parseExtendedConfig(type, json).string("RegionId")).contains("cn-hangzhou");
        }

        @Test
        void customDataOf10PairsAcceptedAnd11Refused() {
            String ten = customData(10);
            String eleven = customData(11);
            ExtendedConfig config = parseExtendedConfig(SecretType.RDS, ExtendedConfigRules.RDS.replaceFirst("}$", ",\"CustomData\":" + ten + "}"));
            assertThat(config.customData()).hasSize(10);
            invalid(() -> parseExtendedConfig(SecretType.RDS, ExtendedConfigRules.RDS.replaceFirst("}$", ",\"CustomData\":" + eleven + "}")),
                    "ExtendedConfig.CustomData", "at most 10");
            assertThat(parseCustomData(ten)).hasSize(10);
            invalid(() -> parseCustomData(eleven), "ExtendedConfig.CustomData", "at most 10");
        }

        @Test
        void customDataMustBeAnObject() {
            invalid(() -> parseExtendedConfig(SecretType.RDS, ExtendedConfigRules.RDS.replaceFirst("}$", ",\"CustomData\":[1]}")),
                    "ExtendedConfig.CustomData", "JSON object");
            invalid(() -> parseCustomData("\"DBName\""), "ExtendedConfig.CustomData", "JSON object");
            assertThat(parseCustomData(null)).isEmpty();
        }

        @Test
        void keyOrderAndCustomDataKept() {
            ExtendedConfig config = parseExtendedConfig(SecretType.RDS,
                    "{\"SecretSubType\":\"SingleUser\",\"DBInstanceId\":\"rm-1\",\"CustomData\":{\"Port\":3306}}");
            assertThat(config.toJson()).isEqualTo("{\"SecretSubType\":\"SingleUser\",\"DBInstanceId\":\"rm-1\",\"CustomData\":{\"Port\":3306}}");
        }

        private static String customData(int pairs) {
            return IntStream.range(0, pairs).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",", "{", "}"));
        }
    }

    @Nested
    class Tags {
        private static List<Tag> tags(int n) {
            return IntStream.range(0, n).mapToObj(i -> new Tag("k" + i, "v")).toList();
        }

        @Test
        void twentyTagsAcceptedAnd21Refused() {
            assertThat(checkTags(tags(20))).hasSize(20);
            invalid(() -> checkTags(tags(21)), "Tags", "at most 20 tags");
        }

        @Test
        void keyOf128AcceptedAnd129Refused() {
            checkTags(List.of(new Tag(chars(128), "v")));
            invalid(() -> checkTags(List.of(new Tag(chars(129), "v"))), "Tags.TagKey", "at most 128 characters");
        }

        @Test
        void valueOf128AcceptedAnd129Refused() {
            checkTags(List.of(new Tag("k", chars(128))));
            invalid(() -> checkTags(List.of(new Tag("k", chars(129)))), "Tags.TagValue", "at most 128 characters");
        }

        @Test
        void emptyKeyOrValueRefused() {
            invalid(() -> checkTags(List.of(new Tag("", "v"))), "Tags.TagKey", "at least 1 characters");
            invalid(() -> checkTags(List.of(new Tag("k", ""))), "Tags.TagValue", "at least 1 characters");
        }

        @Test
        void allowedCharactersAccepted() {
            checkTags(List.of(new Tag("Team / \\ _ - . + = : @ 09", "环境 prod")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a#b", "a,b", "a\"b", "a*b", "a\tb"})
        void otherCharactersRefused(String text) {
            invalid(() -> checkTags(List.of(new Tag(text, "v"))), "Tags.TagKey", "may contain only");
            invalid(() -> checkTags(List.of(new Tag("k", text))), "Tags.TagValue", "may contain only");
        }

        @ParameterizedTest
        @ValueSource(strings = {"aliyunX", "aliyun", "ALIYUN-env", "acs:env", "ACS:env"})
        void reservedKeyPrefixesRefused(String key) {
            invalid(() -> checkTags(List.of(new Tag(key, "v"))), "Tags.TagKey", "aliyun or acs:");
        }

        @ParameterizedTest
        @ValueSource(strings = {"aliyu", "my-aliyun", "acs", "acs/env", "xacs:env"})
        void lookalikeKeysAccepted(String key) {
            assertThat(checkTags(List.of(new Tag(key, "v")))).hasSize(1);
        }

        @Test
        void duplicateKeysRefused() {
            invalid(() -> checkTags(List.of(new Tag("env", "a"), new Tag("env", "b"))), "Tags.TagKey", "unique");
        }

        @Test
        void wireFormParsed() {
            assertThat(parseTags("[{\"TagKey\":\"env\",\"TagValue\":\"prod\"},{\"TagKey\":\"team\",\"TagValue\":\"db\"}]"))
                    .containsExactly(new Tag("env", "prod"), new Tag("team", "db"));
            assertThat(parseTags(null)).isEmpty();
            assertThat(parseTags("[]")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[{", "{\"TagKey\":\"k\",\"TagValue\":\"v\"}", "[{\"TagKey\":\"k\"}]",
                "[{\"TagKey\":\"k\",\"TagValue\":1}]", "[\"k\"]", "env=prod"})
        void badWireFormRefused(String json) {
            invalid(() -> parseTags(json), "Tags", "must be a JSON array of {TagKey,TagValue}");
        }
    }

    @Nested
    class RotationInterval {
        @Test
        void unitsParsed() {
            assertThat(parseInterval("7d")).isEqualTo(Duration.ofDays(7));
            assertThat(parseInterval("6h")).isEqualTo(Duration.ofHours(6));
            assertThat(parseInterval("90m")).isEqualTo(Duration.ofMinutes(90));
            assertThat(parseInterval("45s")).isEqualTo(Duration.ofSeconds(45));
            assertThat(parseInterval("3600")).isEqualTo(Duration.ofHours(1));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1w", "7 d", " 7d", "d", "-1d", "1.5h", "7D", "7dd", "1h30m", "9999999999999s"})
        void badFormsRefused(String text) {
            invalid(() -> parseInterval(text), "RotationInterval", "digits followed by an optional unit");
        }

        @Test
        void renderedAsSeconds() {
            assertThat(formatInterval(Duration.ofDays(7))).isEqualTo("604800s");
            assertThat(formatInterval(parseInterval("6h"))).isEqualTo("21600s");
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = {"RDS", "POLARDB", "REDIS"})
        void databasesFrom6h(SecretType type) {
            assertThat(checkRotation(type, true, "6h")).contains(Duration.ofHours(6));
            invalid(() -> checkRotation(type, true, "21599s"), "RotationInterval", "between 6h and 365d", type.wireName());
        }

        @Test
        void ramFrom7d() {
            assertThat(checkRotation(SecretType.RAM_CREDENTIALS, true, "7d")).contains(Duration.ofDays(7));
            invalid(() -> checkRotation(SecretType.RAM_CREDENTIALS, true, "167h"), "RotationInterval", "between 7d and 365d");
        }

        @Test
        void ecsFrom1h() {
            assertThat(checkRotation(SecretType.ECS, true, "1h")).contains(Duration.ofHours(1));
            invalid(() -> checkRotation(SecretType.ECS, true, "3599s"), "RotationInterval", "between 1h and 365d");
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = "GENERIC", mode = EnumSource.Mode.EXCLUDE)
        void everyManagedTypeUpTo365d(SecretType type) {
            assertThat(checkRotation(type, true, "365d")).contains(Duration.ofDays(365));
            assertThat(checkRotation(type, true, "31536000s")).contains(Duration.ofDays(365));
            invalid(() -> checkRotation(type, true, "31536001s"), "RotationInterval", "and 365d");
        }

        @Test
        void requiredWhenEnabled() {
            refused(() -> checkRotation(SecretType.RDS, true, null), ErrorCode.MISSING_PARAMETER, "RotationInterval",
                    "EnableAutomaticRotation");
        }

        @Test
        void ignoredWhenDisabled() {
            assertThat(checkRotation(SecretType.RDS, false, "garbage")).isEmpty();
            assertThat(checkRotation(SecretType.GENERIC, false, null)).isEmpty();
        }

        @Test
        void genericRefusesAutomaticRotation() {
            invalid(() -> checkRotation(SecretType.GENERIC, true, "7d"), "EnableAutomaticRotation",
                    "Generic secrets are not rotated automatically; use PutSecretValue");
        }
    }

    @Nested
    class OverlapWindow {
        @Test
        void ramTakesTenMinutesToTwoDaysBoundsIncluded() {
            assertThat(checkOverlapWindow(SecretType.RAM_CREDENTIALS, "10m")).contains(Duration.ofMinutes(10));
            assertThat(checkOverlapWindow(SecretType.RAM_CREDENTIALS, "2h")).contains(Duration.ofHours(2));
            assertThat(checkOverlapWindow(SecretType.RAM_CREDENTIALS, "2d")).contains(Duration.ofDays(2));
            assertThat(checkOverlapWindow(SecretType.RAM_CREDENTIALS, "172800s")).contains(Duration.ofDays(2));
            invalid(() -> checkOverlapWindow(SecretType.RAM_CREDENTIALS, "599s"), "OverlapWindow", "between 10m and 2d");
            invalid(() -> checkOverlapWindow(SecretType.RAM_CREDENTIALS, "49h"), "OverlapWindow", "between 10m and 2d");
        }

        @Test
        void absentIsTheRotatorsDefault() {
            assertThat(checkOverlapWindow(SecretType.RAM_CREDENTIALS, null)).isEmpty();
            assertThat(checkOverlapWindow(SecretType.RDS, null)).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = SecretType.class, names = "RAM_CREDENTIALS", mode = EnumSource.Mode.EXCLUDE)
        void otherTypesRefuseIt(SecretType type) {
            invalid(() -> checkOverlapWindow(type, "2h"), "OverlapWindow", "RAMCredentials secrets only");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "2 h", "2w", "-10m", "1h30m"})
        void badFormsRefused(String text) {
            invalid(() -> checkOverlapWindow(SecretType.RAM_CREDENTIALS, text), "OverlapWindow");
        }
    }

    @Nested
    class EncryptionKeyId {
        @Test
        void absentMeansDefaultKey() {
            assertThat(resolveEncryptionKey(null, keys())).isEqualTo(Fixtures.DEFAULT_KEY);
            assertThat(resolveEncryptionKey("", keys())).isEqualTo(Fixtures.DEFAULT_KEY);
        }

        @Test
        void symmetricEnabledKeyAccepted() {
            assertThat(resolveEncryptionKey("key-aes", keys())).isEqualTo("key-aes");
        }

        @Test
        void unknownKeyNotFound() {
            refused(() -> resolveEncryptionKey("key-nope", keys()), ErrorCode.KEY_NOT_FOUND, "EncryptionKeyId", "does not exist");
        }

        @Test
        void asymmetricOrDisabledKeyRefused() {
            invalid(() -> resolveEncryptionKey("key-rsa", keys()), "EncryptionKeyId", "the key must be symmetric");
            invalid(() -> resolveEncryptionKey("key-off", keys()), "EncryptionKeyId", "the key must be enabled");
        }
    }

    @Nested
    class Description {
        @Test
        void length256AcceptedAnd257Refused() {
            assertThat(checkDescription(chars(256))).hasSize(256);
            invalid(() -> checkDescription(chars(257)), "Description", "at most 256 characters");
        }

        @Test
        void countsCharactersNotUtf16Units() {
            assertThat(checkDescription("🔑".repeat(256))).isNotEmpty();
        }

        @Test
        void absentIsEmpty() {
            assertThat(checkDescription(null)).isEmpty();
        }
    }

    @Nested
    class VersionStages {
        private static String labels(int n) {
            return IntStream.range(0, n).mapToObj(i -> "\"L" + i + "\"").collect(Collectors.joining(",", "[", "]"));
        }

        @Test
        void arrayAndOlderObjectFormAccepted() {
            assertThat(parseVersionStages("[\"ACSCurrent\",\"ACSNext\"]")).containsExactly("ACSCurrent", "ACSNext");
            assertThat(parseVersionStages("{\"VersionStage\":[\"MyPendingLabel\"]}")).containsExactly("MyPendingLabel");
            assertThat(parseVersionStages(null)).isEmpty();
        }

        @Test
        void oneToEightLabels() {
            assertThat(parseVersionStages(labels(8))).hasSize(8);
            invalid(() -> parseVersionStages(labels(9)), "VersionStages", "at most 8 labels");
            invalid(() -> parseVersionStages("[]"), "VersionStages", "at least 1 labels");
        }

        @Test
        void labelOf64AcceptedAnd65Refused() {
            assertThat(parseVersionStages("[\"" + chars(64) + "\"]")).hasSize(1);
            invalid(() -> parseVersionStages("[\"" + chars(65) + "\"]"), "VersionStages", "at most 64 characters");
            invalid(() -> parseVersionStages("[\"\"]"), "VersionStages", "at least 1 characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[\"a b\"]", "[\"a/b\"]", "[\"a:b\"]"})
        void labelCharactersChecked(String json) {
            invalid(() -> parseVersionStages(json), "VersionStages", "may contain only");
        }

        @Test
        void allowedLabelCharactersAccepted() {
            assertThat(parseVersionStages("[\"Az09_.-\"]")).containsExactly("Az09_.-");
        }

        @Test
        void pendingReservedForTheEngine() {
            invalid(() -> parseVersionStages("[\"ACSPending\"]"), "VersionStages", "ACSPending is reserved");
            invalid(() -> parseVersionStages("[\"ACSCurrent\",\"acspending\"]"), "VersionStages", "ACSPending is reserved");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ACSCurrent", "[ACSCurrent]", "[1]", "{\"Stages\":[\"a\"]}", "[\"a\"", "[\"a\",\"a\"]"})
        void badFormsRefused(String json) {
            invalid(() -> parseVersionStages(json), "VersionStages");
        }
    }

    @Nested
    class Deletion {
        @Test
        void recoveryWindowFrom7To30DefaultingTo30() {
            assertThat(parseRecoveryWindow(null)).isEqualTo(30);
            assertThat(parseRecoveryWindow("7")).isEqualTo(7);
            assertThat(parseRecoveryWindow("30")).isEqualTo(30);
            invalid(() -> parseRecoveryWindow("6"), "RecoveryWindowInDays", "at least 7 days");
            invalid(() -> parseRecoveryWindow("31"), "RecoveryWindowInDays", "at most 30 days");
        }

        @ParameterizedTest
        @ValueSource(strings = {"seven", "7.5", "-7", "99999999999"})
        void recoveryWindowMustBeWholeDays(String days) {
            invalid(() -> parseRecoveryWindow(days), "RecoveryWindowInDays", "whole number");
        }

        @Test
        void forceDeleteIsTrueOrFalse() {
            assertThat(parseForceDelete(null)).isFalse();
            assertThat(parseForceDelete("true")).isTrue();
            assertThat(parseForceDelete("false")).isFalse();
            invalid(() -> parseForceDelete("yes"), "ForceDeleteWithoutRecovery", "true or false");
        }
    }

    @Test
    void fixtureCoversEveryManagedType() {
        Set<SecretType> managed = new HashSet<>(List.of(SecretType.values()));
        managed.remove(SecretType.GENERIC);
        assertThat(ExtendedConfigRules.VALID.keySet()).isEqualTo(managed);
        assertThat(ExtendedConfigRules.REQUIRED.keySet()).isEqualTo(managed);
    }
}
