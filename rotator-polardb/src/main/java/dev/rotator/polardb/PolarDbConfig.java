package dev.rotator.polardb;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.rds.RdsConfig;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;

import java.util.List;
import java.util.Optional;

import static dev.rotator.core.RotatorException.invalid;

/**
 * A PolarDB secret's ExtendedConfig (reference/kms-secrets.md §1.5) read under PolarDB's rules: dual accounts only
 * ({@code SecretSubType} DoubleUsers), created by the rotator, standard accounts only ({@code AccountType} Normal),
 * {@code CloneAccountName}, where given, {@code AccountName_clone}; a MySQL cluster needs the databases
 * ({@code DBName}, one name or several separated by commas) and the permission ({@code AccountPrivilege}); on
 * PostgreSQL both are optional, but go together. Every error names the key and the rule.
 *
 * @param engine what {@code DBType} names: the engine the cluster's target must speak
 */
record PolarDbConfig(String clusterId, DbEngine engine, String accountName, Optional<Permission> permission,
                     List<String> databases) {

    /** The keys RdsRotator's messages name, and bare accounts for PostgreSQL clusters given no database. */
    static final RdsConfig.Flavour FLAVOUR = new RdsConfig.Flavour("DBClusterId", "DBName", "PolarDB secrets "
            + "manage new accounts only: choose an AccountName that neither it nor its clone (AccountName"
            + DbEngine.CLONE_SUFFIX + ") has on the cluster", true);

    static PolarDbConfig of(ExtendedConfig config) {
        if (!"DoubleUsers".equals(config.require("SecretSubType"))) {
            throw invalid("ExtendedConfig.SecretSubType", "must be DoubleUsers: PolarDB secrets manage dual accounts "
                    + "only (Manage Single Account is not supported)");
        }
        String clusterId = config.require("DBClusterId");
        DbEngine engine = switch (config.require("DBType")) {
            case "MySQL" -> DbEngine.MYSQL;
            case "PostgreSQL" -> DbEngine.POSTGRESQL;
            default -> throw invalid("ExtendedConfig.DBType", "must be MySQL or PostgreSQL");
        };
        String name = config.string("AccountName").orElseThrow(() -> invalid("ExtendedConfig.AccountName",
                "is required: PolarDB secrets create their accounts (Import Existing Accounts is not supported)"));
        Optional<String> clone = config.string("CloneAccountName");
        if (clone.isPresent() && !clone.get().equals(DbEngine.cloneOf(name))) {
            throw invalid("ExtendedConfig.CloneAccountName", "must be AccountName + " + DbEngine.CLONE_SUFFIX);
        }
        if (!"Normal".equals(config.string("AccountType").orElse("Normal"))) {
            throw invalid("ExtendedConfig.AccountType", "must be Normal: PolarDB secrets manage standard accounts "
                    + "only (a privileged account, Super, is not supported)");
        }
        Optional<Permission> permission = config.string("AccountPrivilege")
                .map(p -> Permission.parse("ExtendedConfig.AccountPrivilege", p));
        List<String> databases = RdsConfig.databases(config.asMap().get("DBName"));
        if (engine == DbEngine.MYSQL && databases.isEmpty()) {
            throw invalid("ExtendedConfig.DBName", "is required for a PolarDB MySQL secret: the databases the "
                    + "accounts may use");
        }
        if (engine == DbEngine.MYSQL && permission.isEmpty()) {
            throw invalid("ExtendedConfig.AccountPrivilege", "is required for a PolarDB MySQL secret (ReadWrite, "
                    + "ReadOnly, DDLOnly or DMLOnly)");
        }
        return new PolarDbConfig(clusterId, engine, name, permission, databases);
    }

    /** What RdsRotator runs on: a dual pair it creates, never privileged. */
    RdsConfig rds() {
        return new RdsConfig(FLAVOUR, true, clusterId, Optional.of(accountName), false, permission, databases);
    }
}
