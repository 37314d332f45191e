package dev.rotator.core.service;

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

    /** For services that run no rotations (tests, tools): every request is refused. */
    RotationRequests NONE = (name, token) -> {
        throw new IllegalStateException("rotate-now is not available here");
    };
}
