package dev.rotator.core.engine;

import dev.rotator.core.spi.RotationOptions;

import java.time.Instant;

/**
 * Why a rotation runs.
 *
 * @param token   the version id the new version gets (RotateSecret's VersionId, the idempotency key);
 *                null lets the engine choose a UUID
 * @param dueAt   the scheduled time this run is for; a run whose secret was already rotated at or
 *                after it does nothing (so a due time rotates once, however many workers fire it)
 * @param options what the operator chose for this rotation, handed to every step
 */
public record RotationTrigger(String token, Instant dueAt, RotationOptions options) {

    public RotationTrigger {
        options = options == null ? RotationOptions.NONE : options;
    }

    public RotationTrigger(String token, Instant dueAt) {
        this(token, dueAt, RotationOptions.NONE);
    }

    public static RotationTrigger now() {
        return new RotationTrigger(null, null);
    }

    public static RotationTrigger withToken(String token) {
        return new RotationTrigger(token, null);
    }

    /** Rotate-now with the operator's options (the admin API's OverlapWindow). */
    public static RotationTrigger withToken(String token, RotationOptions options) {
        return new RotationTrigger(token, null, options);
    }

    public static RotationTrigger scheduled(Instant dueAt) {
        return new RotationTrigger(null, dueAt);
    }
}
