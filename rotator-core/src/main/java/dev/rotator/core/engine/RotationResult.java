package dev.rotator.core.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * How a rotation call ended. A failure of the rotation itself is thrown, not returned.
 *
 * @param finishError set when promotion succeeded but clean-up failed (reported, never rolled back)
 * @param finishDueAt set when the finish step waits (the rotator's finish delay, RAM's overlap window): the
 *                    rotation is promoted and stays in progress until then
 */
public record RotationResult(String secretName, String token, Status status, Optional<String> finishError,
                             Optional<Instant> finishDueAt) {

    public RotationResult {
        finishDueAt = finishDueAt == null ? Optional.empty() : finishDueAt;
    }

    public RotationResult(String secretName, String token, Status status, Optional<String> finishError) {
        this(secretName, token, status, finishError, Optional.empty());
    }

    public enum Status {
        /** The rotation ran (or resumed) and promoted the new version. */
        ROTATED,
        /** The token is already a promoted version: nothing to do. */
        ALREADY_DONE,
        /** The scheduled due time was already served by another run. */
        NOT_DUE,
        /** A promoted rotation's finish step waits for its due time ({@link #finishDueAt}); nothing ran. */
        FINISH_WAITING
    }
}
