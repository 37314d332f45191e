package dev.rotator.core.service;

import dev.rotator.core.spi.RotationOptions;

/**
 * Where RotateSecret hands a rotate-now: the worker passes its scheduler, which queues the rotation
 * for any free worker and returns at once.
 */
@FunctionalInterface
public interface RotationRequests {
    /**
     * Queues a rotation of the secret whose new version will be {@code token}. Queuing the same token again
     * is harmless; a different token while one is queued is Rejected.SecretRotating.
     */
    void rotateNow(String secretName, String token);

    /**
     * As {@link #rotateNow(String, String)}, with the operator's options for the rotation's steps. Queues that
     * cannot carry options (a plain lambda) refuse any, rather than dropping them.
     */
    default void rotateNow(String secretName, String token, RotationOptions options) {
        if (!options.equals(RotationOptions.NONE)) {
            throw new IllegalStateException("this rotation queue cannot carry rotation options");
        }
        rotateNow(secretName, token);
    }

    /**
     * Queues a run that resumes the rotation in flight whose run gave up ({@code token}, its pending version). Unlike
     * {@link #rotateNow}, it is queued even while the trigger of the run that gave up has not yet been cleared (a
     * request of its own), and it is refused as Rejected.SecretRotating while that or another request is queued.
     */
    default void resume(String secretName, String token, RotationOptions options) {
        rotateNow(secretName, token, options);
    }

    /** For services that run no rotations (tests, tools): every request is refused. */
    RotationRequests NONE = (name, token) -> {
        throw new IllegalStateException("rotate-now is not available here");
    };
}
