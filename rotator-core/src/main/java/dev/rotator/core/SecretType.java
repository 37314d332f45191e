package dev.rotator.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The secret types of the KMS secrets API, with the rules that differ by type.
 * Wire names are exact on output and matched case-insensitively on input.
 */
public enum SecretType {
    GENERIC("Generic", null, null),
    RDS("Rds", Duration.ofHours(6), Duration.ofDays(365)),
    POLARDB("PolarDB", Duration.ofHours(6), Duration.ofDays(365)),
    REDIS("Redis", Duration.ofHours(6), Duration.ofDays(365)),
    ECS("ECS", Duration.ofHours(1), Duration.ofDays(365)),
    RAM_CREDENTIALS("RAMCredentials", Duration.ofDays(7), Duration.ofDays(365));

    private final String wireName;
    private final Duration minInterval;
    private final Duration maxInterval;

    SecretType(String wireName, Duration minInterval, Duration maxInterval) {
        this.wireName = wireName;
        this.minInterval = minInterval;
        this.maxInterval = maxInterval;
    }

    public String wireName() {
        return wireName;
    }

    /** Generic secrets change by PutSecretValue; every other type is rotated by a rotator. */
    public boolean isManaged() {
        return this != GENERIC;
    }

    /** Shortest automatic rotation interval; empty for types without automatic rotation. */
    public Optional<Duration> minInterval() {
        return Optional.ofNullable(minInterval);
    }

    public Optional<Duration> maxInterval() {
        return Optional.ofNullable(maxInterval);
    }

    public static Optional<SecretType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.wireName.equalsIgnoreCase(name.trim())).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
