package dev.rotator.polardb;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.spi.Rotator;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PolarDB's rules, refused before any SQL exists: the targets point at a port where nothing listens, so had the
 * rotator tried to log in anywhere the error would be a connection failure instead of the named rule.
 */
class PolarDbRotatorValidationTest {
    private static final SecretValue AUTO = SecretValue.text("$Auto");

    private final TestContext context = TestContext.unreachable("polardb");
    private final PolarDbRotator rotator = new PolarDbRotator(context);

    private static Secret secret(Map<String, Object> config) {
        return new Secret("polardb/v", SecretType.POLARDB, null, null, null, ExtendedConfig.of(config), null, null,
                null, Instant.now(), Instant.now());
    }

    /** A valid MySQL cluster secret, with {@code changes} (a null value removes the key). */
    private static Map<String, Object> mysql(Object... changes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("SecretSubType", "DoubleUsers");
        m.put("DBClusterId", "mysql");
        m.put("DBType", "MySQL");
        m.put("AccountName", "app");
        m.put("CloneAccountName", "app_clone");
        m.put("AccountType", "Normal");
        m.put("AccountPrivilege", "ReadWrite");
        m.put("DBName", "orders");
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                m.remove((String) changes[i]);
            } else {
                m.put((String) changes[i], changes[i + 1]);
            }
        }
        return m;
    }

    /** A valid PostgreSQL cluster secret (no database nor permission: both are MySQL's), with {@code changes}. */
    private static Map<String, Object> postgresql(Object... changes) {
        Map<String, Object> m = mysql("DBClusterId", "postgresql", "DBType", "PostgreSQL", "AccountPrivilege", null,
                "DBName", null);
        for (int i = 0; i < changes.length; i += 2) {
            m.put((String) changes[i], changes[i + 1]);
        }
        return m;
    }

    private void assertRefused(Map<String, Object> config, SecretValue value, String field, String rule) {
        assertThatThrownBy(() -> rotator.validate(secret(config), value)).isInstanceOf(RotatorException.class)
                .satisfies(e -> assertThat(((RotatorException) e).code()).isIn(ErrorCode.INVALID_PARAMETER,
                        ErrorCode.MISSING_PARAMETER))
                .hasMessageStartingWith(field + ": ").hasMessageContaining(rule);
    }

    @Test
    void validSecretsOfBothEnginesPass() {
        rotator.validate(secret(mysql()), AUTO);
        rotator.validate(secret(mysql("CloneAccountName", null, "AccountType", null, "DBName", "orders,billing")), AUTO);
        rotator.validate(secret(postgresql()), AUTO);
        rotator.validate(secret(postgresql("AccountPrivilege", "ReadOnly", "DBName", "orders")), AUTO);
    }

    @Test
    void importExistingAccountsIsRefusedNamingSecretData() {
        assertRefused(mysql(), Accounts.imported("app", "Init-pw-1"), "SecretData",
                "Import Existing Accounts is not supported");
        assertRefused(mysql(), Accounts.value("app", "Init-pw-1"), "SecretData", "must be $Auto");
    }

    @Test
    void manageSingleAccountIsRefusedNamingSecretSubType() {
        assertRefused(mysql("SecretSubType", "SingleUser"), AUTO, "ExtendedConfig.SecretSubType",
                "Manage Single Account is not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Super", "Privileged", "normal"})
    void onlyStandardAccountsAreManaged(String type) {
        assertRefused(mysql("AccountType", type), AUTO, "ExtendedConfig.AccountType",
                "must be Normal: PolarDB secrets manage standard accounts only");
    }

    @Test
    void theCloneIsAlwaysAccountNameClone() {
        assertRefused(mysql("CloneAccountName", "app2"), AUTO, "ExtendedConfig.CloneAccountName",
                "must be AccountName + _clone");
        assertRefused(mysql("AccountName", "app_clone", "CloneAccountName", "app_clone_clone"), AUTO,
                "ExtendedConfig.AccountName", "must not end with _clone");
    }

    @Test
    void aMySqlSecretNeedsItsDatabasesAndPermission() {
        assertRefused(mysql("DBName", null), AUTO, "ExtendedConfig.DBName", "is required for a PolarDB MySQL secret");
        assertRefused(mysql("AccountPrivilege", null), AUTO, "ExtendedConfig.AccountPrivilege",
                "is required for a PolarDB MySQL secret");
        assertRefused(mysql("AccountPrivilege", "Everything"), AUTO, "ExtendedConfig.AccountPrivilege",
                "must be one of ReadWrite, ReadOnly, DDLOnly, DMLOnly");
        assertRefused(postgresql("DBName", "orders"), AUTO, "ExtendedConfig.AccountPrivilege", "is required");
        assertRefused(postgresql("AccountPrivilege", "ReadOnly"), AUTO, "ExtendedConfig.DBName", "is required");
    }

    @Test
    void dbTypeMustBeTheClustersEngineAndTheClusterADeclaredTarget() {
        assertRefused(mysql("DBClusterId", "postgresql"), AUTO, "ExtendedConfig.DBType",
                "must be PostgreSQL: target 'postgresql' is a postgresql cluster");
        assertRefused(postgresql("DBClusterId", "mysql"), AUTO, "ExtendedConfig.DBType", "must be MySQL");
        assertRefused(mysql("DBType", "Oracle"), AUTO, "ExtendedConfig.DBType", "must be MySQL or PostgreSQL");
        assertRefused(mysql("DBClusterId", "pc-nowhere"), AUTO, "ExtendedConfig.DBClusterId",
                "names no database target declared");
    }

    @Test
    void namesAreCheckedAsRdsChecksThem() {
        assertRefused(mysql("AccountName", "x'; DROP USER root; --", "CloneAccountName", null), AUTO,
                "ExtendedConfig.AccountName", "must start with a letter");
        assertRefused(mysql("AccountName", "a".repeat(27), "CloneAccountName", null), AUTO,
                "ExtendedConfig.AccountName", "must be at most 26 characters");
        assertRefused(mysql("DBName", "orders,bad`; DROP DATABASE x"), AUTO, "ExtendedConfig.DBName[1]",
                "must hold only letters");
    }

    @Test
    void theRulesHoldAtEveryStepNotOnlyAtCreation() {
        Secret single = secret(mysql("SecretSubType", "SingleUser"));
        SecretValue current = Accounts.value("app", "Current-pw-1");
        assertThatThrownBy(() -> rotator.create(new Rotator.CreateRequest(single, "t", current, Optional.empty())))
                .hasMessageStartingWith("ExtendedConfig.SecretSubType: ");
        assertThatThrownBy(() -> rotator.set(new Rotator.SetRequest(secret(mysql("AccountType", "Super")), "t",
                Accounts.value("app_clone", "Pending-pw-1"), current))).hasMessageStartingWith("ExtendedConfig.AccountType: ");
    }

    @Test
    void theWorkerFindsThePolarDbRotatorOnTheClassPath() {
        assertThat(RotatorRegistry.load(context, getClass().getClassLoader()).forType(SecretType.POLARDB))
                .get().isInstanceOf(PolarDbRotator.class);
    }
}
