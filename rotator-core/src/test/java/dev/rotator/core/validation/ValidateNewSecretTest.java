package dev.rotator.core.validation;

import dev.rotator.core.DataType;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretType;
import dev.rotator.core.Tag;
import dev.rotator.core.validation.Fixtures.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static dev.rotator.core.validation.Fixtures.invalid;
import static dev.rotator.core.validation.Fixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidateNewSecretTest {
    private static final String PASSWORD = "Sup3r-S3cret-Pa55word!";
    private static final String RDS = SecretRulesTest.ExtendedConfigRules.RDS;

    @Test
    void minimalGenericSecretGetsDefaults() {
        ValidatedSecret s = Request.generic().validate();
        assertThat(s.type()).isEqualTo(SecretType.GENERIC);
        assertThat(s.name()).isEqualTo("app/db");
        assertThat(s.versionId()).isEqualTo("v1");
        assertThat(s.dataType()).isEqualTo(DataType.TEXT);
        assertThat(s.extendedConfig()).isEqualTo(ExtendedConfig.EMPTY);
        assertThat(s.tags()).isEmpty();
        assertThat(s.rotationEnabled()).isFalse();
        assertThat(s.rotationInterval()).isEmpty();
        assertThat(s.encryptionKeyId()).isEqualTo(Fixtures.DEFAULT_KEY);
        assertThat(s.description()).isEmpty();
    }

    @Test
    void genericBinaryAccepted() {
        ValidatedSecret s = Request.generic().dataType("binary").data(new byte[]{0, (byte) 0xff, 7}).validate();
        assertThat(s.dataType()).isEqualTo(DataType.BINARY);
    }

    @Test
    void rdsSecretFullyParsed() {
        ValidatedSecret s = Request.managed("Rds", "prod/orders-db",
                        "{\"Accounts\":[{\"AccountName\":\"orders\",\"AccountPassword\":\"" + PASSWORD + "\"}]}", RDS)
                .versionId("00000000000000000000000000000000203")
                .tags("[{\"TagKey\":\"env\",\"TagValue\":\"prod\"}]")
                .rotation("7d").keyId("key-aes").description("orders database")
                .validate();
        assertThat(s.type()).isEqualTo(SecretType.RDS);
        assertThat(s.name()).isEqualTo("prod/orders-db");
        assertThat(s.versionId()).isEqualTo("00000000000000000000000000000000203");
        assertThat(s.extendedConfig().string("DBInstanceId")).contains("rm-1");
        assertThat(s.tags()).containsExactly(new Tag("env", "prod"));
        assertThat(s.rotationEnabled()).isTrue();
        assertThat(s.rotationInterval()).contains(Duration.ofDays(7));
        assertThat(s.encryptionKeyId()).isEqualTo("key-aes");
        assertThat(s.description()).isEqualTo("orders database");
    }

    @Test
    void ramNameIsGeneratedFromUserName() {
        ValidatedSecret s = Request.managed("RAMCredentials", "$Auto",
                "{\"AccessKeys\":[{\"AccessKeyId\":\"LTAI1\",\"AccessKeySecret\":\"" + PASSWORD + "\"}]}",
                SecretRulesTest.ExtendedConfigRules.RAM).rotation("30d").validate();
        assertThat(s.name()).isEqualTo("acs/ram/user/alice");
        invalid(() -> Request.managed("RAMCredentials", "acs/ram/user/alice", "{}", SecretRulesTest.ExtendedConfigRules.RAM)
                .validate(), "SecretName", "$Auto");
    }

    @Test
    void redisPolarDbAndEcsAccepted() {
        assertThat(Request.managed("Redis", "cache", "$Auto", SecretRulesTest.ExtendedConfigRules.REDIS).validate().type())
                .isEqualTo(SecretType.REDIS);
        assertThat(Request.managed("PolarDB", "cluster", "$Auto", SecretRulesTest.ExtendedConfigRules.POLARDB).validate().type())
                .isEqualTo(SecretType.POLARDB);
        assertThat(Request.managed("ECS", "acs/ecs/web-1", "{\"UserName\":\"root\",\"Password\":\"" + PASSWORD + "\"}",
                SecretRulesTest.ExtendedConfigRules.ECS).rotation("1h").validate().rotationInterval()).contains(Duration.ofHours(1));
    }

    @Test
    void rulesRunInAFixedOrder() {
        // Name before VersionId before data before tags before rotation before key.
        Request bad = Request.generic().name("acs/x").versionId(" ").data((byte[]) null).tags("nope").rotation("1d").keyId("missing");
        invalid(bad::validate, "SecretName");
        invalid(bad.name("ok")::validate, "VersionId");
        refused(bad.versionId("v9")::validate, ErrorCode.MISSING_PARAMETER, "SecretData");
        invalid(bad.data("x")::validate, "Tags");
        invalid(bad.tags(null)::validate, "EnableAutomaticRotation");
        bad.rotation = false;
        refused(bad::validate, ErrorCode.KEY_NOT_FOUND, "EncryptionKeyId");
        bad.keyId(null);
        assertThat(bad.validate().name()).isEqualTo("ok");
    }

    @Test
    void unknownOrAsymmetricKeyRefusedAtCreation() {
        refused(Request.generic().keyId("nope")::validate, ErrorCode.KEY_NOT_FOUND, "EncryptionKeyId");
        invalid(Request.generic().keyId("key-rsa")::validate, "EncryptionKeyId", "symmetric");
    }

    static Stream<Arguments> requestsHoldingASecret() {
        String rdsConfig = RDS;
        String ssh = "{\"SecretSubType\":\"SSHKey\",\"InstanceId\":\"i-1\"}";
        return Stream.of(
                Arguments.of("Rds, broken JSON", Request.managed("Rds", "db",
                        "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"" + PASSWORD + "\"}", rdsConfig)),
                Arguments.of("Rds, no AccountName", Request.managed("Rds", "db",
                        "{\"Accounts\":[{\"AccountPassword\":\"" + PASSWORD + "\"}]}", rdsConfig)),
                Arguments.of("Rds, flat value", Request.managed("Rds", "db",
                        "{\"AccountName\":\"app\",\"AccountPassword\":\"" + PASSWORD + "\"}", rdsConfig)),
                Arguments.of("Rds, password not a string", Request.managed("Rds", "db",
                        "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":[\"" + PASSWORD + "\"]}]}", rdsConfig)),
                Arguments.of("Rds, three accounts", Request.managed("Rds", "db", "{\"Accounts\":["
                        + ("{\"AccountName\":\"a\",\"AccountPassword\":\"" + PASSWORD + "\"},").repeat(2)
                        + "{\"AccountName\":\"a\",\"AccountPassword\":\"" + PASSWORD + "\"}]}", RDS.replace("SingleUser", "DoubleUsers"))),
                Arguments.of("Rds, value as plain text", Request.managed("Rds", "db", PASSWORD, rdsConfig)),
                Arguments.of("Redis, value instead of $Auto", Request.managed("Redis", "cache", PASSWORD,
                        SecretRulesTest.ExtendedConfigRules.REDIS)),
                Arguments.of("RAM, no AccessKeyId", Request.managed("RAMCredentials", "$Auto",
                        "{\"AccessKeys\":[{\"AccessKeySecret\":\"" + PASSWORD + "\"}]}", SecretRulesTest.ExtendedConfigRules.RAM)),
                Arguments.of("ECS, no UserName", Request.managed("ECS", "acs/ecs/h", "{\"Password\":\"" + PASSWORD + "\"}",
                        SecretRulesTest.ExtendedConfigRules.ECS)),
                Arguments.of("ECS, bad public key", Request.managed("ECS", "acs/ecs/h", "{\"UserName\":\"u\",\"PublicKey\":\""
                        + PASSWORD + "\",\"PrivateKey\":\"" + PASSWORD + "\"}", ssh)),
                Arguments.of("Generic, too large", Request.generic().data(PASSWORD.repeat(2000))),
                Arguments.of("Generic, secret in a bad name", Request.generic().name(PASSWORD + " x").data(PASSWORD)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsHoldingASecret")
    void noMessageContainsTheSecretValue(String label, Request request) {
        RotatorException e = catchThrowableOfType(RotatorException.class, request::validate);
        assertThat(e).as(label).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(PASSWORD).doesNotContain("Sup3r");
        }
        assertThat(e.getMessage()).containsAnyOf("SecretData", "SecretName");
    }

    @Test
    void requestToStringHidesTheValue() {
        assertThat(Request.generic().data(PASSWORD).build().toString()).doesNotContain(PASSWORD).contains("******");
    }
}
