package dev.rotator.core.engine;

import java.time.Instant;

/**
 * Why a rotation runs.
 *
 * @param token the version id the new version gets (RotateSecret's VersionId, the idempotency key);
 *              null lets the engine choose a UUID
 * @param dueAt the scheduled time this run is for; a run whose secret was already rotated at or
 *              after it does nothing (so a due time rotates once, however many workers fire it)
 */
public record RotationTrigger(String token, Instant dueAt) {

    public static RotationTrigger now() {
        return new RotationTrigger(null, null);
    }

    public static RotationTrigger withToken(String token) {
        return new RotationTrigger(token, null);
    }

    public static RotationTrigger scheduled(Instant dueAt) {
        return new RotationTrigger(null, dueAt);
    }
}
