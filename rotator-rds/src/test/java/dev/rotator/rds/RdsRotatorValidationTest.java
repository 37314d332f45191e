package dev.rotator.rds;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.TestContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input is refused before any SQL exists. The targets point at a port where nothing listens: had the rotator
 * tried to log in anywhere, the error would be a connection failure instead of the named rule.
 */
class RdsRotatorValidationTest {
    private static final List<String> INJECTIONS = List.of("x'; DROP USER root; --", "x`; DROP DATABASE mysql; --",
            "x\"; DROP ROLE postgres; --", "x' OR '1'='1", "x\\'", "x\u0000y", "x y", "ümlaut");

    private final TestContext context = TestContext.unreachable("rds");
    private final RdsRotator rotator = new RdsRotator(context);

    private static Secret secret(Map<String, Object> config) {
        return new Secret("rds/v", SecretType.RDS, null, null, null, ExtendedConfig.of(config), null, null, null,
                Instant.now(), Instant.now());
    }

    private static Map<String, Object> config(String engine, String subType, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("SecretSubType", subType);
        m.put("DBInstanceId", engine);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private void assertRefused(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOf(RotatorException.class)
                .satisfies(e -> assertThat(((RotatorException) e).code()).isIn(ErrorCode.INVALID_PARAMETER,
                        ErrorCode.MISSING_PARAMETER))
                .hasMessageStartingWith(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "postgresql"})
    void injectionAttemptsInAccountNamesAreRefused(String engine) {
        for (String name : INJECTIONS) {
            assertRefused(() -> rotator.validate(secret(config(engine, "DoubleUsers", "AccountName", name,
                    "AccountPrivilege", "ReadWrite", "DBNames", List.of("app"))), SecretValue.text("$Auto")),
                    "ExtendedConfig.AccountName");
            assertRefused(() -> rotator.validate(secret(config(engine, "SingleUser")), Accounts.imported(name, "pw")),
                    "SecretData.Accounts[0].AccountName");
            Secret s = secret(config(engine, "SingleUser"));
            assertRefused(() -> rotator.set(new Rotator.SetRequest(s, "t", Accounts.value(name, "pw"),
                    Accounts.value("app", "pw"))), "ACSPending.AccountName");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "postgresql"})
    void injectionAttemptsInDatabaseNamesAreRefused(String engine) {
        for (String db : List.of("app`; DROP DATABASE x; --", "app\"; DROP DATABASE x; --", "app' --", "a b", "-app")) {
            assertRefused(() -> rotator.validate(secret(config(engine, "DoubleUsers", "AccountName", "app",
                    "AccountPrivilege", "ReadOnly", "DBNames", List.of("ok", db))), SecretValue.text("$Auto")),
                    "ExtendedConfig.DBNames[1]");
        }
        assertRefused(() -> rotator.validate(secret(config(engine, "DoubleUsers", "AccountName", "app",
                "AccountPrivilege", "ReadOnly", "DBNames", "ok,bad;name")), SecretValue.text("$Auto")),
                "ExtendedConfig.DBNames[1]");
    }

    @Test
    void namesMustLeaveRoomForTheCloneSuffix() {
        String mysqlMax = "a".repeat(26);
        String pgMax = "a".repeat(57);
        rotator.validate(secret(config("mysql", "SingleUser")), Accounts.imported(mysqlMax, "pw"));
        rotator.validate(secret(config("postgresql", "SingleUser")), Accounts.imported(pgMax, "pw"));
        assertRefused(() -> rotator.validate(secret(config("mysql", "SingleUser")), Accounts.imported(mysqlMax + "a", "pw")),
                "SecretData.Accounts[0].AccountName");
        assertRefused(() -> rotator.validate(secret(config("postgresql", "SingleUser")),
                Accounts.imported(pgMax + "a", "pw")), "SecretData.Accounts[0].AccountName");
        assertRefused(() -> rotator.validate(secret(config("postgresql", "SingleUser")), Accounts.imported("pg_x", "pw")),
                "SecretData.Accounts[0].AccountName");
    }

    @Test
    void createModeNeedsItsPrivilegeAndDatabasesAndAKnownTarget() {
        assertRefused(() -> rotator.validate(secret(config("mysql", "DoubleUsers", "AccountName", "app", "DBNames", "app")),
                SecretValue.text("$Auto")), "ExtendedConfig.AccountPrivilege");
        assertRefused(() -> rotator.validate(secret(config("mysql", "DoubleUsers", "AccountName", "app",
                "AccountPrivilege", "ReadOnly")), SecretValue.text("$Auto")), "ExtendedConfig.DBNames");
        assertRefused(() -> rotator.validate(secret(config("mysql", "DoubleUsers", "AccountName", "app",
                "AccountPrivilege", "Everything", "DBNames", "app")), SecretValue.text("$Auto")),
                "ExtendedConfig.AccountPrivilege");
        assertRefused(() -> rotator.validate(secret(config("mysql", "DoubleUsers", "AccountName", "app_clone",
                "AccountPrivilege", "ReadOnly", "DBNames", "app")), SecretValue.text("$Auto")), "ExtendedConfig.AccountName");
        assertRefused(() -> rotator.validate(secret(config("mysql", "DoubleUsers", "AccountName", "app",
                "AccountType", "Super")), SecretValue.text("$Auto")), "ExtendedConfig.AccountType");
        assertRefused(() -> rotator.validate(secret(config("nowhere", "SingleUser")), Accounts.imported("app", "pw")),
                "ExtendedConfig.DBInstanceId");
        rotator.validate(secret(config("postgresql", "SingleUser", "AccountName", "boss", "AccountType", "Super")),
                SecretValue.text("$Auto"));
    }

    @Test
    void generatedPasswordsHoldNothingThatNeedsQuotingInSqlOrEscapingInAUrl() {
        for (int i = 0; i < 2000; i++) {
            String pw = context.generator().generate(RdsRotator.PASSWORDS);
            assertThat(pw).hasSize(32).doesNotContainPattern("['\"`\\\\/@:;?#%&=+ ]");
        }
    }
}
