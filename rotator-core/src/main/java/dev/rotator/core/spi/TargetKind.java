package dev.rotator.core.spi;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.SecretType;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of {@link Target}, one per managed secret type, and the ExtendedConfig key by which a secret of
 * that type names its target (DESIGN.md, decisions: these ids name targets declared in the configuration).
 */
public enum TargetKind {
    RDS("rds", SecretType.RDS, "DBInstanceId"),
    POLARDB("polardb", SecretType.POLARDB, "DBClusterId"),
    REDIS("redis", SecretType.REDIS, "InstanceId"),
    ECS("ecs", SecretType.ECS, "InstanceId"),
    /** A RAM user is its own target: the secret's UserName is the target id. */
    RAM("ram", SecretType.RAM_CREDENTIALS, "UserName");

    private final String id;
    private final SecretType type;
    private final String field;

    TargetKind(String id, SecretType type, String field) {
        this.id = id;
        this.type = type;
        this.field = field;
    }

    /** The name in the configuration and in {@link Target#kind()}: {@code rds}, {@code ram} ... */
    public String id() {
        return id;
    }

    public SecretType secretType() {
        return type;
    }

    /** The ExtendedConfig key that holds the target id: {@code DBInstanceId} for Rds ... */
    public String field() {
        return field;
    }

    /** The target id a secret's ExtendedConfig names (required by SecretRules, so present on stored secrets). */
    public String targetId(ExtendedConfig config) {
        return config.require(field);
    }

    public static Optional<TargetKind> forType(SecretType type) {
        return Arrays.stream(values()).filter(k -> k.type == type).findFirst();
    }

    public static Optional<TargetKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** {@code rds, polardb, redis, ecs, ram}, for messages. */
    public static String allIds() {
        return Arrays.stream(values()).map(TargetKind::id).collect(Collectors.joining(", "));
    }
}
