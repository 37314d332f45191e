package dev.rotator.core.spi;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.RotationError;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretFilter;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RecordedEvent;
import dev.rotator.core.engine.RotationEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where secrets, versions, stages, rotation locks and events live. Implementations encrypt
 * values at rest; callers only ever see plaintext {@link dev.rotator.core.SecretValue}s.
 *
 * <p>Stage rules every implementation keeps, each change in one transaction: a stage marks at
 * most one version; moving ACSCurrent gives its former holder ACSPrevious (the label leaves the
 * older one); a secret keeps at most {@link #MAX_VERSIONS} versions, the oldest without a label
 * going first.
 */
public interface SecretStore extends AutoCloseable {
    int MAX_VERSIONS = 10;

    /** Saves a new secret with its first version, which gets ACSCurrent. Rejected.ResourceExist if the name is taken. */
    void create(Secret secret, NewVersion initialVersion);

    Optional<Secret> find(String name);

    /**
     * Up to {@code limit} secrets ordered by name (the database's collation), those after {@code afterName}; null
     * starts at the first. Pages by name, not by offset, so that walking every secret costs in proportion to them.
     */
    List<Secret> list(String afterName, int limit);

    long count();

    /**
     * Secrets that match the filter, with their tags, filtered by the store (not in memory); ordered by name in
     * the database's collation, so that pages are stable.
     */
    List<Secret> search(SecretFilter filter, int offset, int limit);

    long count(SecretFilter filter);
    /** How many secrets are in each AutomaticRotation state, every state present (0 if none); one grouped query. */
    Map<AutomaticRotation, Long> countByAutomaticRotation();

    /** Replaces a secret's metadata (not its versions). Forbidden.ResourceNotFound if it does not exist. */
    void update(Secret secret);

    /**
     * UpdateSecret: writes the description, the ExtendedConfig and the update time, and nothing else (so a
     * rotation recorded meanwhile is kept). Forbidden.ResourceNotFound if the secret does not exist.
     */
    void updateDetails(String name, String description, ExtendedConfig extendedConfig, Instant updateTime);

    /** Starts ({@code at} set) or ends ({@code null}) a secret's recovery window. Forbidden.ResourceNotFound if absent. */
    void setPlannedDeleteTime(String name, Instant at);

    /** Names of secrets whose recovery window ended at or before {@code now}, at most {@code limit}. */
    List<String> dueForPurge(Instant now, int limit);

    /**
     * Deletes the secret like {@link #delete} if, checked in the same transaction, its recovery window ended at or
     * before {@code now}; false (and nothing changes) otherwise, e.g. when it was restored meanwhile.
     */
    boolean purgeIfDue(String name, Instant now);

    /** The secret policy document stored under {@code policyName}, if one was set. */
    Optional<String> policy(String name, String policyName);

    /** Stores (or replaces) a secret policy document. Forbidden.ResourceNotFound if the secret does not exist. */
    void setPolicy(String name, String policyName, String document, Instant updateTime);

    /** True while a rotation run holds the secret's lock (it is not yet expired at {@code now}). */
    default boolean rotationLocked(String name, Instant now) {
        return rotationLock(name, now).isPresent();
    }

    /** Who holds the secret's rotation lock and until when; empty when it is free or expired at {@code now}. */
    Optional<RotationLock> rotationLock(String name, Instant now);

    /** A held rotation lock: the worker that holds it, and when its lease runs out unless renewed. */
    record RotationLock(String owner, Instant expiresAt) {
    }

    /** Writes the outcome of a rotation attempt: the policy (state, next and last times) and the last error. */
    void recordRotation(String name, RotationPolicy policy, RotationError lastError);

    /**
     * Records a rotation whose retries are spent, in one transaction on the policy as stored then
     * ({@link RotationPolicy#afterFailure} at the error's time), so a policy change made while the
     * rotation ran is kept. Forbidden.ResourceNotFound if the secret does not exist.
     */
    void recordFailure(String name, RotationError error);

    /**
     * Moves NextRotationDate from {@code due} to {@code until}, only if it still is {@code due}
     * (a scheduled run that could not start tries again later). False if anything changed it.
     */
    boolean postponeRotation(String name, Instant due, Instant until);

    /** Removes the secret, its versions and stages. Events stay: they are the audit trail. */
    void delete(String name);

    /** Versions oldest first, with their stages, without values. */
    List<VersionInfo> versions(String name);

    Optional<SecretVersion> version(String name, String versionId);

    Optional<SecretVersion> versionAt(String name, String stage);

    /**
     * The versions the given stages point at, by stage (a stage no version holds is absent): what a rotation reads
     * under its lock, so a store may answer it in one round trip.
     */
    default Map<String, SecretVersion> versionsAt(String name, Set<String> stages) {
        Map<String, SecretVersion> out = new java.util.HashMap<>();
        for (String stage : stages) {
            versionAt(name, stage).ifPresent(v -> out.put(stage, v));
        }
        return out;
    }

    /**
     * What a rotation run reads once it holds the secret's lock: the secret, the versions the given stages point at
     * (by stage, a stage no version holds is absent) and the finish step a promoted version still owes; a store may
     * answer it in one round trip. Empty when there is no such secret.
     */
    default Optional<RotationState> rotationState(String name, Set<String> stages) {
        return find(name).map(secret -> new RotationState(secret, versionsAt(name, stages), owedFinish(name)));
    }

    /** @see #rotationState(String, Set) */
    record RotationState(Secret secret, Map<String, SecretVersion> staged, Optional<OwedFinish> owed) {
    }

    /**
     * {@link #tryLock}, and once it took the lock, {@link #rotationState} read under it: how a run starts, which a
     * store may answer in one round trip. Empty when the lock was not taken.
     */
    default Optional<LockedRead> tryLockAndRead(String name, String owner, Instant now, Instant expiresAt,
                                                Set<String> stages) {
        if (!tryLock(name, owner, now, expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new LockedRead(rotationState(name, stages)));
    }

    /** @param state what {@link #rotationState} read under the lock; empty when there is no such secret */
    record LockedRead(Optional<RotationState> state) {
    }

    /**
     * The secret and the version {@code stage} points at, read together: GetSecretValue's path, the most
     * frequent read, so a store may answer it in one round trip. Empty when there is no such secret.
     */
    default Optional<SecretAtStage> findAt(String name, String stage) {
        return find(name).map(secret -> new SecretAtStage(secret, versionAt(name, stage)));
    }

    /** @param version the version holding the stage, empty when no version holds it */
    record SecretAtStage(Secret secret, Optional<SecretVersion> version) {
    }

    /**
     * Adds a version and puts the given stages on it, in one transaction. Rejected.ResourceExist if
     * the version id is taken.
     */
    default void putVersion(String name, NewVersion version, Set<String> stages) {
        putVersion(name, version, stages, List.of());
    }

    /**
     * {@link #putVersion(String, NewVersion, Set)} with the rotation events that record it (the create step's),
     * appended in the same transaction: the version is never stored without its event, nor the event without it.
     */
    void putVersion(String name, NewVersion version, Set<String> stages, List<RotationEvent> events);

    /**
     * {@link #putVersion(String, NewVersion, Set, List)} that first confirms the caller still holds the secret's
     * rotation lock (renewing its lease): a store may check it in the same transaction, so that a run whose lock
     * was taken over writes nothing. Rejected.SecretRotating if the lock is lost; a null fence checks nothing.
     */
    default void putVersion(String name, NewVersion version, Set<String> stages, List<RotationEvent> events,
                            LockFence fence) {
        LockFence.confirm(this, name, fence);
        putVersion(name, version, stages, events);
    }

    /** Moves a stage to a version (adding it if no version had it). */
    void moveStage(String name, String stage, String toVersionId);

    /** Removes a custom stage from the version that holds it. */
    void removeStage(String name, String stage, String fromVersionId);

    /**
     * The promote step, the rotation's commit point, in one transaction: ACSCurrent moves to the
     * pending version, the former current version becomes ACSPrevious, ACSPending is removed, the
     * rotation policy as stored then gets {@link RotationPolicy#afterSuccess} at {@code rotatedAt}
     * (so a policy change made while the rotation ran is kept), the last error is cleared, and the
     * version is recorded as owing its finish step. Stages are not touched again if the version is
     * already ACSCurrent.
     */
    default void promote(String name, String pendingVersionId, Instant rotatedAt) {
        promote(name, pendingVersionId, rotatedAt, List.of());
    }

    /** {@link #promote(String, String, Instant)} with the events that record it, appended in the same transaction. */
    default void promote(String name, String pendingVersionId, Instant rotatedAt, List<RotationEvent> events) {
        promote(name, pendingVersionId, rotatedAt, null, events);
    }

    /**
     * {@link #promote(String, String, Instant, List)} whose finish step waits until {@code finishDueAt} (null: none;
     * RAM's overlap window), recorded in the same transaction: the rotation stays in progress until its finish runs.
     */
    void promote(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                 List<RotationEvent> events);

    /**
     * {@link #promote(String, String, Instant, Instant, List)} that first confirms the caller still holds the
     * secret's rotation lock, as {@link #putVersion(String, NewVersion, Set, List, LockFence)} does.
     */
    default void promote(String name, String pendingVersionId, Instant rotatedAt, Instant finishDueAt,
                         List<RotationEvent> events, LockFence fence) {
        LockFence.confirm(this, name, fence);
        promote(name, pendingVersionId, rotatedAt, finishDueAt, events);
    }

    /**
     * The promote of a rotation whose finish step has nothing to do, and the end of its run: the promote as
     * {@link #promote(String, String, Instant, Instant, List, LockFence)} with no finish owed, and {@code owner}'s
     * lock given back, which a store may write in one transaction.
     */
    default void promoteFinished(String name, String pendingVersionId, Instant rotatedAt, List<RotationEvent> events,
                                 LockFence fence, String owner) {
        promote(name, pendingVersionId, rotatedAt, null, events, fence);
        finishedAndUnlock(name, pendingVersionId, owner, List.of());
    }

    /** The promoted version whose finish step has not run yet (a crash came between, or it waits), if any. */
    Optional<String> finishOwed(String name);

    /** The finish step a promoted version owes, and when it is due (empty: at once); read in one round trip. */
    default Optional<OwedFinish> owedFinish(String name) {
        return finishOwed(name).map(v -> new OwedFinish(name, v, Optional.empty()));
    }

    /** Every finish step that waits for its due time, for the scheduler to fire (after a restart too). */
    List<OwedFinish> deferredFinishes();

    /** @param dueAt when the finish may run; empty when it may run at once */
    record OwedFinish(String secretName, String versionId, Optional<Instant> dueAt) {
        public OwedFinish {
            dueAt = dueAt == null ? Optional.empty() : dueAt;
        }

        /** Whether the finish may run at {@code now}. */
        public boolean dueBy(Instant now) {
            return dueAt.map(due -> !due.isAfter(now)).orElse(true);
        }
    }

    /** Records that the finish step of a promoted version has run (or has been given up). */
    void finished(String name, String versionId);

    /**
     * The end of a rotation run that ran its finish step: the finish step's events, {@link #finished} and
     * {@link #unlock}, which a store may send together (their order does not matter: each is idempotent and the
     * run has nothing left to do).
     */
    default void finishedAndUnlock(String name, String versionId, String owner, List<RotationEvent> events) {
        events.forEach(this::append);
        finished(name, versionId);
        unlock(name, owner);
    }

    /**
     * Stores the value a target minted into the pending placeholder (RAM's CreateAccessKey): the one
     * change a version may ever see. Refused unless the version holds ACSPending and no other stage.
     */
    void replacePendingValue(String name, String versionId, dev.rotator.core.SecretValue value);

    /**
     * Takes or renews the rotation lock of a secret: true if it was free, expired at {@code now},
     * or already held by {@code owner}. One rotation of a secret at a time across all workers.
     */
    boolean tryLock(String name, String owner, Instant now, Instant expiresAt);

    /**
     * Takes the rotation lock of a secret from {@code deadOwner} (a worker known to be gone), whatever its lease,
     * only if that worker still holds it: one conditional write, so of several workers taking it over one wins.
     * True if {@code owner} holds it now.
     */
    boolean takeLock(String name, String deadOwner, String owner, Instant expiresAt);

    void unlock(String name, String owner);

    /**
     * A rotation run's hold on a secret's lock, confirmed with a write: {@link #tryLock} at {@code now} renewing the
     * lease to {@code expiresAt}.
     */
    record LockFence(String owner, Instant now, Instant expiresAt) {
        /** What a write refused for a lost lock throws. */
        public static RotatorException lost(String name) {
            return new RotatorException(ErrorCode.ROTATION_IN_PROGRESS,
                    "lost the rotation lock of secret '" + name + "' to another worker");
        }

        /** Confirms a fence with its own {@link #tryLock} (nothing for null). Rejected.SecretRotating if lost. */
        public static void confirm(SecretStore store, String name, LockFence fence) {
            if (fence != null && !store.tryLock(name, fence.owner(), fence.now(), fence.expiresAt())) {
                throw lost(name);
            }
        }
    }

    void append(RotationEvent event);

    /** The newest events of a secret, newest first. */
    default List<RotationEvent> events(String name, int limit) {
        return latestEvents(name, limit).stream().map(RecordedEvent::event).toList();
    }

    /** The newest events of a secret with their ids, newest first. */
    List<RecordedEvent> latestEvents(String name, int limit);

    /** The events of a secret whose id is greater than {@code afterId}, oldest first, at most {@code limit}. */
    List<RecordedEvent> eventsAfter(String name, long afterId, int limit);

    @Override
    void close();
}
