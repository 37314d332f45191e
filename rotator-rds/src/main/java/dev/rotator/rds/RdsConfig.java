package dev.rotator.rds;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static dev.rotator.core.RotatorException.invalid;

/**
 * An Rds secret's ExtendedConfig, read: {@code SecretSubType} (DoubleUsers or SingleUser), {@code DBInstanceId}
 * (a target of the worker's configuration), and for accounts the rotator creates: {@code AccountName},
 * {@code AccountType} (Normal or Super, SingleUser only), {@code AccountPrivilege} and {@code DBNames} (a JSON
 * array, or names separated by commas).
 */
record RdsConfig(boolean dual, String instanceId, Optional<String> accountName, boolean privileged,
                 Optional<Permission> permission, List<String> databases) {

    static RdsConfig of(ExtendedConfig config) {
        String subType = config.require("SecretSubType");
        boolean dual = switch (subType) {
            case "DoubleUsers" -> true;
            case "SingleUser" -> false;
            default -> throw invalid("ExtendedConfig.SecretSubType", "must be DoubleUsers or SingleUser");
        };
        String type = config.string("AccountType").orElse("Normal");
        if (!type.equals("Normal") && !type.equals("Super")) {
            throw invalid("ExtendedConfig.AccountType", "must be Normal or Super");
        }
        boolean privileged = type.equals("Super");
        if (privileged && dual) {
            throw invalid("ExtendedConfig.AccountType", "Super (a privileged account) is for SingleUser secrets only");
        }
        Optional<Permission> permission = config.string("AccountPrivilege")
                .map(p -> Permission.parse("ExtendedConfig.AccountPrivilege", p));
        return new RdsConfig(dual, config.require("DBInstanceId"), config.string("AccountName"), privileged,
                permission, databases(config.asMap().get("DBNames")));
    }

    private static List<String> databases(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(v -> out.add(String.valueOf(v).trim()));
        } else if (value != null) {
            for (String part : String.valueOf(value).split(",", -1)) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    /**
     * The rules of create-account mode (SecretData {@code $Auto}) on one engine: the name, and what the account is
     * given. The names are checked against the engine here, before any SQL exists.
     */
    void checkCreateMode(DbEngine engine) {
        String name = accountName.orElseThrow(() -> invalid("ExtendedConfig.AccountName",
                "is required when SecretData is $Auto"));
        engine.checkAccountName("ExtendedConfig.AccountName", name);
        if (dual && name.endsWith(DbEngine.CLONE_SUFFIX)) {
            throw invalid("ExtendedConfig.AccountName", "names the primary of the pair: it must not end with "
                    + DbEngine.CLONE_SUFFIX + " (the clone gets that suffix)");
        }
        if (privileged) {
            return;
        }
        if (permission.isEmpty()) {
            throw invalid("ExtendedConfig.AccountPrivilege", "is required for an account the rotator creates "
                    + "(ReadWrite, ReadOnly, DDLOnly or DMLOnly)");
        }
        if (databases.isEmpty()) {
            throw invalid("ExtendedConfig.DBNames", "is required for an account the rotator creates");
        }
        checkDatabases(engine);
    }

    void checkDatabases(DbEngine engine) {
        for (int i = 0; i < databases.size(); i++) {
            engine.checkDatabaseName("ExtendedConfig.DBNames[" + i + "]", databases.get(i));
        }
    }

    /** True when the rotator may create the account itself (a standard account needs both the permission and databases). */
    boolean canCreate() {
        return privileged || (permission.isPresent() && !databases.isEmpty());
    }
}
