package dev.rotator.redis;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.spi.Target;
import dev.rotator.rds.testing.TestContext;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What validate refuses, naming the field and the rule, without a connection anywhere: a bulk creation can check
 * every secret before provision makes any account. No server runs here; the target's node is a closed port.
 */
class RedisRotatorValidationTest {
    private static final Target TARGET = RedisPair.target(List.of(), "aclfile");

    private static TestContext context(Map<String, Object> settings) {
        TestContext c = new TestContext();
        c.targets.put(RedisPair.TARGET, new Target(RedisPair.TARGET, "redis", settings));
        return c;
    }

    private static Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>(TARGET.settings());
        s.put("nodes", List.of("127.0.0.1:1", "[::1]:2"));
        return s;
    }

    private static void validate(TestContext context, Map<String, Object> config, SecretValue data) {
        new RedisRotator(context).validate(RedisSecrets.secret("redis/v", config), data);
    }

    @Test
    void theRotatorIsFoundOnTheClassPathForRedisSecrets() {
        RotatorRegistry registry = RotatorRegistry.load(new TestContext(), getClass().getClassLoader());
        assertThat(registry.forType(SecretType.REDIS)).get().isInstanceOf(RedisRotator.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RoleReadWrite", "RoleReadOnly", "ReadWrite", "readonly"})
    void aValidSecretPassesWithoutConnectingToItsNodes(String privilege) {
        validate(context(settings()), RedisSecrets.config("app", privilege), RedisSecrets.AUTO);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("SecretSubType", "SingleUser", "ExtendedConfig.SecretSubType: must be DoubleUsers"),
                Arguments.of("CloneAccountName", "app_copy", "ExtendedConfig.CloneAccountName: must be AccountName"),
                Arguments.of("AccountPrivilege", "RoleAdmin", "ExtendedConfig.AccountPrivilege: must be RoleRead"),
                Arguments.of("AccountName", "x".repeat(65), "ExtendedConfig.AccountName: must be 1 to 64 letters"),
                Arguments.of("InstanceId", "r-unknown", "ExtendedConfig.InstanceId: names no redis target"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void aBadExtendedConfigIsRefusedNamingTheKey(String key, String value, String message) {
        Map<String, Object> config = RedisSecrets.config("app", "RoleReadWrite");
        config.put(key, value);
        assertThatThrownBy(() -> validate(context(settings()), config, RedisSecrets.AUTO))
                .isInstanceOf(RotatorException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
    }

    @Test
    void aValueOtherThanAutoIsRefused() {
        SecretValue imported = SecretValue.text("{\"AccountName\":\"app\",\"AccountPassword\":\"Secret-pw-1\"}");
        assertThatThrownBy(() -> validate(context(settings()), RedisSecrets.config("app", "RoleReadOnly"), imported))
                .isInstanceOf(RotatorException.class).hasMessageStartingWith("SecretData: must be $Auto")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Secret-pw-1"));
    }

    static Stream<Arguments> badTargets() {
        return Stream.of(
                Arguments.of("nodes", List.of(), "targets.r-1.nodes: must be a list of host:port"),
                Arguments.of("nodes", "127.0.0.1:6379", "targets.r-1.nodes: must be a list of host:port"),
                Arguments.of("nodes", List.of("127.0.0.1"), "targets.r-1.nodes: must be a list of host:port"),
                Arguments.of("nodes", List.of("127.0.0.1:70000"), "targets.r-1.nodes: must be a list of host:port"),
                Arguments.of("tls", "maybe", "targets.r-1.tls: must be disable, require or verify-full"),
                Arguments.of("aclPersistence", "rdb", "targets.r-1.aclPersistence: must be aclfile"),
                Arguments.of("aclPersistence", null, "targets.r-1.aclPersistence: is required"),
                Arguments.of("adminSecret", null, "targets.r-1.adminSecret: is required"));
    }

    @ParameterizedTest
    @MethodSource("badTargets")
    void aBadTargetSettingIsRefusedNamingIt(String key, Object value, String message) {
        Map<String, Object> settings = settings();
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }
        assertThatThrownBy(() -> validate(context(settings), RedisSecrets.config("app", "RoleReadWrite"),
                RedisSecrets.AUTO)).isInstanceOf(RotatorException.class).hasMessageStartingWith(message);
    }

    @Test
    void generatedPasswordsAreValidAclPasswords() {
        TestContext context = new TestContext();
        for (int i = 0; i < 2_000; i++) {
            String password = context.generator().generate(AclInput.PASSWORDS);
            AclInput.checkPassword("generated", password);
            assertThat(password).hasSize(32).doesNotContain(" ", "<", ">", "\"", "'", "\\", "@", ":", "/", "#");
        }
    }
}
