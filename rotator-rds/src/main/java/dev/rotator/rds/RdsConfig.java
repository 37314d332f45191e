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
 *
 * <p>Public so that a product sharing this rotator (PolarDB) can build one from its own ExtendedConfig, with its
 * {@link Flavour}, and hand it to {@link RdsRotator#RdsRotator(dev.rotator.core.spi.RotatorContext,
 * java.util.function.Function)}.
 */
public record RdsConfig(Flavour flavour, boolean dual, String instanceId, Optional<String> accountName,
                        boolean privileged, Optional<Permission> permission, List<String> databases) {

    /**
     * What differs between the products this rotator serves: the ExtendedConfig keys that messages name, what to
     * tell a user whose new account name is taken, and whether a standard account may be made with no database
     * (PolarDB for PostgreSQL: a plain login role, granted privileges later; its clone follows).
     */
    public record Flavour(String targetKey, String databasesKey, String takenNameHint, boolean bareAccounts) {
        public static final Flavour RDS = new Flavour("DBInstanceId", "DBNames", "import it instead (SecretData "
                + "{\"Accounts\":[{\"AccountName\",\"AccountPassword\"}]})", false);
    }

    public RdsConfig {
        databases = List.copyOf(databases);
    }

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
        return new RdsConfig(Flavour.RDS, dual, config.require("DBInstanceId"), config.string("AccountName"),
                privileged, permission, databases(config.asMap().get("DBNames")));
    }

    /** Database names as ExtendedConfig may hold them: a JSON array, or names separated by commas. */
    public static List<String> databases(Object value) {
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
        if (privileged || bare()) {
            return;
        }
        if (permission.isEmpty()) {
            throw invalid("ExtendedConfig.AccountPrivilege", "is required for an account the rotator creates "
                    + "(ReadWrite, ReadOnly, DDLOnly or DMLOnly)");
        }
        if (databases.isEmpty()) {
            throw invalid("ExtendedConfig." + flavour.databasesKey(), "is required for an account the rotator creates");
        }
        checkDatabases(engine);
    }

    void checkDatabases(DbEngine engine) {
        for (int i = 0; i < databases.size(); i++) {
            engine.checkDatabaseName("ExtendedConfig." + flavour.databasesKey() + "[" + i + "]", databases.get(i));
        }
    }

    /**
     * True when the rotator may create the account itself (a standard account needs both the permission and
     * databases, unless the flavour makes bare accounts).
     */
    boolean canCreate() {
        return privileged || (permission.isPresent() && !databases.isEmpty()) || bare();
    }

    /** A standard account with no database and no privilege: neither was asked for, and the flavour allows it. */
    boolean bare() {
        return flavour.bareAccounts() && !privileged && permission.isEmpty() && databases.isEmpty();
    }
}
