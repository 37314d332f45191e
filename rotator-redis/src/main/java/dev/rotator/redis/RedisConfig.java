package dev.rotator.redis;

import dev.rotator.core.ExtendedConfig;

import static dev.rotator.core.RotatorException.invalid;

/**
 * A Redis secret's ExtendedConfig, read and checked (reference/kms-secrets.md §1.5): {@code SecretSubType}
 * DoubleUsers, {@code AccountName} (the primary of the pair), {@code CloneAccountName} (AccountName + _clone),
 * {@code AccountPrivilege} and {@code InstanceId} (a redis target of the worker's configuration).
 */
record RedisConfig(String instanceId, String accountName, AclPermission permission) {

    static RedisConfig of(ExtendedConfig config) {
        if (!"DoubleUsers".equals(config.require("SecretSubType"))) {
            throw invalid("ExtendedConfig.SecretSubType",
                    "must be DoubleUsers (Redis secrets manage a pair of accounts)");
        }
        String name = config.require("AccountName");
        AclInput.checkName("ExtendedConfig.AccountName", name, AclInput.MAX_NAME);
        if (name.endsWith(AclInput.CLONE_SUFFIX)) {
            throw invalid("ExtendedConfig.AccountName", "names the primary of the pair: it must not end with "
                    + AclInput.CLONE_SUFFIX + " (the clone gets that suffix)");
        }
        if (!AclInput.cloneOf(name).equals(config.require("CloneAccountName"))) {
            throw invalid("ExtendedConfig.CloneAccountName", "must be AccountName + " + AclInput.CLONE_SUFFIX);
        }
        AclPermission permission = AclPermission.parse("ExtendedConfig.AccountPrivilege",
                config.require("AccountPrivilege"));
        return new RedisConfig(config.require("InstanceId"), name, permission);
    }

    String cloneName() {
        return AclInput.cloneOf(accountName);
    }

    /** The account of the pair that is not {@code name}. */
    String otherOf(String name) {
        if (name.equals(accountName)) {
            return cloneName();
        }
        if (name.equals(cloneName())) {
            return accountName;
        }
        throw invalid("ACSCurrent.AccountName", "must be ExtendedConfig.AccountName or CloneAccountName");
    }
}
