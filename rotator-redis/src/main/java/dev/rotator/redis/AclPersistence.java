package dev.rotator.redis;

import redis.clients.jedis.Jedis;

import java.util.Arrays;

import static dev.rotator.core.RotatorException.invalid;

/** How a node keeps ACL changes over a restart: the target's {@code aclPersistence} setting. */
enum AclPersistence {
    /** ACL SAVE: the node was started with an {@code aclfile}. */
    ACLFILE("aclfile"),
    /** CONFIG REWRITE: the users live in the node's redis.conf. */
    CONFIG_REWRITE("config-rewrite"),
    /** The operator's own means (a managed service that persists ACLs itself). */
    NONE("none");

    private final String setting;

    AclPersistence(String setting) {
        this.setting = setting;
    }

    static AclPersistence of(String field, String value) {
        return Arrays.stream(values()).filter(p -> p.setting.equals(value)).findFirst()
                .orElseThrow(() -> invalid(field, "must be aclfile, config-rewrite or none"));
    }

    String setting() {
        return setting;
    }

    /** Writes the node's ACL to where it is read at start-up. */
    void persist(Jedis admin) {
        switch (this) {
            case ACLFILE -> admin.aclSave();
            case CONFIG_REWRITE -> admin.configRewrite();
            case NONE -> {
            }
        }
    }
}
