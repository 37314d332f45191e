package dev.rotator.core.engine;

import java.util.Optional;

/**
 * How a rotation call ended. A failure of the rotation itself is thrown, not returned.
 *
 * @param finishError set when promotion succeeded but clean-up failed (reported, never rolled back)
 */
public record RotationResult(String secretName, String token, Status status, Optional<String> finishError) {

    public enum Status {
        /** The rotation ran (or resumed) and promoted the new version. */
        ROTATED,
        /** The token is already a promoted version: nothing to do. */
        ALREADY_DONE,
        /** The scheduled due time was already served by another run. */
        NOT_DUE
    }
}
