package dev.rotator.core.engine;

/**
 * Whether the worker named in a rotation lock is known to be gone. A lock's lease is the last resort for a worker
 * that died holding it; where something knows sooner that the holder is dead (a cluster's membership), the engine
 * takes the lock at once instead of waiting for the lease to run out.
 */
@FunctionalInterface
public interface LockOwnerLiveness {
    /** Nothing is known: a lock is only ever taken once its lease ran out. */
    LockOwnerLiveness NEVER_DEAD = owner -> false;

    /**
     * True only when {@code owner} is certainly gone and will run no further step. When in doubt (an owner it does
     * not know, a failing look-up), false: the lease then decides.
     */
    boolean isDead(String owner);
}
