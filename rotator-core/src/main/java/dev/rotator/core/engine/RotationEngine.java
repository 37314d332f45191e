package dev.rotator.core.engine;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotationError;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.spi.SecretStore.OwedFinish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the rotation protocol: create, set, test, promote, finish.
 *
 * <p>The engine keeps no state between calls: it always resumes from what the store says. An
 * ACSPending version is the in-flight rotation; its version id is the rotation's token. Each step
 * is retried with backoff; when the retries are spent the secret's AutomaticRotation turns
 * Invalid, the error is kept on the secret, and the pending version stays for the next attempt to
 * resume. ACSCurrent is only ever moved by the one-transaction promote.
 */
public final class RotationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(RotationEngine.class);

    public static final String CREATE = "create";
    public static final String SET = "set";
    public static final String TEST = "test";
    public static final String PROMOTE = "promote";
    public static final String FINISH = "finish";
    public static final String ROTATION = "rotation";
    /** The token of a dry run's event starts with this; a rotation's token is a version id. */
    public static final String DRY_RUN_PREFIX = "dry-run-";
    /** The stages a run reads under its lock, in one store call. */
    private static final Set<String> STAGES_READ = Set.of(Stages.CURRENT, Stages.PREVIOUS, Stages.PENDING);

    private final SecretStore store;
    private final RotatorRegistry rotators;
    private final RetryPolicy retry;
    private final Duration lockLease;
    /** Half the lease, computed once (Duration.dividedBy works in BigDecimal). */
    private final Duration halfLease;
    private final String owner;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RotationListener listener;
    private final LockOwnerLiveness liveness;

    public RotationEngine(SecretStore store, RotatorRegistry rotators, RetryPolicy retry, Duration lockLease,
                          String owner, Clock clock, Sleeper sleeper) {
        this(store, rotators, retry, lockLease, owner, clock, sleeper, RotationListener.NONE);
    }

    /** @param listener told of each event after it is stored (metrics) */
    public RotationEngine(SecretStore store, RotatorRegistry rotators, RetryPolicy retry, Duration lockLease,
                          String owner, Clock clock, Sleeper sleeper, RotationListener listener) {
        this(store, rotators, retry, lockLease, owner, clock, sleeper, listener, LockOwnerLiveness.NEVER_DEAD);
    }

    /**
     * @param owner    names this engine in rotation locks; with a {@code liveness} other than NEVER_DEAD it is what
     *                 that liveness knows the worker by
     * @param liveness tells a lock held by a dead worker, which this engine then takes without waiting for the lease
     */
    public RotationEngine(SecretStore store, RotatorRegistry rotators, RetryPolicy retry, Duration lockLease,
                          String owner, Clock clock, Sleeper sleeper, RotationListener listener,
                          LockOwnerLiveness liveness) {
        this.store = store;
        this.rotators = rotators;
        this.retry = retry;
        this.lockLease = lockLease;
        this.halfLease = lockLease.dividedBy(2);
        this.owner = owner;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
        this.liveness = liveness;
    }

    /**
     * Rotates a secret now, or resumes its rotation in flight.
     *
     * @throws RotatorException Rejected.SecretRotating if another run holds the secret's lock;
     *                          Rejected.RotationFailed when a step's retries are spent
     */
    public RotationResult rotate(String name, RotationTrigger trigger) {
        Instant now = clock.instant();
        // The lock first, then one read of what the run needs (the secret, the stages, the owed finish): what is
        // read under the lock is what no other worker changes meanwhile. A store may do both in one round trip.
        Optional<SecretStore.LockedRead> read = store.tryLockAndRead(name, owner, now, now.plus(lockLease),
                STAGES_READ);
        if (read.isEmpty() && !lockAfterFirstTry(name, now)) {
            // Another run holds it. A run with nothing left to do (its rotation served meanwhile) is no refusal.
            Secret secret = rotatableSecret(name);
            Optional<RotationResult> nothingToDo = nothingToDo(secret, trigger, () -> store.owedFinish(name));
            if (nothingToDo.isPresent()) {
                return nothingToDo.get();
            }
            throw new RotatorException(ErrorCode.ROTATION_IN_PROGRESS,
                    "Your secret is being rotated, please try again later (secret '" + name + "')");
        }
        Lease lease = new Lease(name, now);
        try {
            SecretStore.RotationState state = read.map(SecretStore.LockedRead::state)
                    .orElseGet(() -> store.rotationState(name, STAGES_READ))
                    .orElseThrow(() -> RotatorException.notFound("secret '" + name + "'"));
            Secret secret = rotatable(state.secret());
            Optional<RotationResult> nothingToDo = nothingToDo(secret, trigger, state::owed);
            if (nothingToDo.isPresent()) {
                return nothingToDo.get();
            }
            return run(secret, state, trigger, lease);
        } finally {
            if (!lease.released) {
                store.unlock(name, owner);
            }
        }
    }

    /**
     * Takes the secret's rotation lock when the first try found it held: given back since, or held by a worker known
     * to be dead, whose lock is taken from it by name in one conditional write, so of two workers taking it over one
     * wins. False while a live worker holds it.
     */
    private boolean lockAfterFirstTry(String name, Instant now) {
        Optional<SecretStore.RotationLock> held = store.rotationLock(name, now);
        if (held.isEmpty()) {
            // Given back (or run out) since: free to take like any other.
            return store.tryLock(name, owner, now, now.plus(lockLease));
        }
        String holder = held.get().owner();
        if (holder.equals(owner) || !liveness.isDead(holder)) {
            return false;
        }
        if (!store.takeLock(name, holder, owner, now.plus(lockLease))) {
            return false;
        }
        LOG.info("took over the rotation lock of secret '{}' from worker {}, which is gone (its lease ran until {})",
                name, holder, held.get().expiresAt());
        return true;
    }

    /**
     * Dry run: the rotator's test step alone, on the ACSCurrent value, once (no retries). It writes one audit event
     * (step test, token {@code dry-run-<uuid>}, its outcome) and changes nothing else: no version, stage, policy or
     * last error. It takes no rotation lock, so it never holds up a real rotation; while a rotation run holds the
     * lock it is refused (Rejected.SecretRotating), since the credentials may be changing under it.
     *
     * @throws RotatorException InvalidParameter for a Generic secret or a type without rotator; 404 for a secret
     *                          that does not exist; Rejected.ResourceInDeleteWindow; Rejected.SecretRotating
     */
    public DryRunResult dryRun(String name) {
        Secret secret = rotatableSecret(name);
        Rotator rotator = rotators.forType(secret.type()).orElseThrow(() -> RotatorException.invalid("SecretType",
                "no rotator for " + secret.type() + " is installed in this worker"));
        if (store.rotationLocked(name, clock.instant())) {
            throw new RotatorException(ErrorCode.ROTATION_IN_PROGRESS,
                    "Your secret is being rotated, please try again later (secret '" + name + "')");
        }
        SecretVersion current = store.versionAt(name, Stages.CURRENT).orElseThrow(() -> new RotatorException(
                ErrorCode.INTERNAL_FAILURE, "secret '" + name + "' has no ACSCurrent version"));
        List<SecretValue> secrets = new ArrayList<>();
        secrets.add(current.value());
        store.versionAt(name, Stages.PREVIOUS).map(SecretVersion::value).ifPresent(secrets::add);
        String token = DRY_RUN_PREFIX + UUID.randomUUID();
        Instant start = clock.instant();
        RotatorException failure = null;
        try {
            rotator.test(new Rotator.TestRequest(secret, token, current.value(), RotationOptions.NONE));
        } catch (RuntimeException raw) {
            failure = asRotatorException(TEST, raw, secrets);
        }
        long millis = elapsed(start);
        DryRunResult result = new DryRunResult(name, current.versionId(), token, failure == null,
                failure == null ? null : failure.code().code(), failure == null ? null : failure.getMessage(), millis);
        // Not told to the listener: a dry run is no rotation, and must not show in rotation metrics.
        store.append(new RotationEvent(name, token, TEST, result.outcome(), millis, result.errorCode(),
                result.errorMessage(), clock.instant()));
        LOG.info("dry run of secret '{}' (token {}): {} in {} ms", name, token, result.outcome(), millis);
        return result;
    }

    private Secret rotatableSecret(String name) {
        return rotatable(store.find(name).orElseThrow(() -> RotatorException.notFound("secret '" + name + "'")));
    }

    private static Secret rotatable(Secret secret) {
        String name = secret.name();
        if (!secret.type().isManaged()) {
            throw RotatorException.invalid("SecretType",
                    "Generic secrets are not rotated by the engine; write a new value with PutSecretValue");
        }
        if (secret.pendingDeletion()) {
            throw new RotatorException(ErrorCode.IN_DELETE_WINDOW, "secret '" + name + "' is scheduled for deletion");
        }
        return secret;
    }

    /**
     * A run that has nothing to do: its token's version is already promoted, or its due time already served; unless
     * a promoted rotation still owes a finish step that is due now (one that waits for its time is refused here: the
     * old credential keeps working until then). The store is asked about the finish only when there is such a run:
     * a plain rotate-now reads nothing here.
     */
    private Optional<RotationResult> nothingToDo(Secret secret, RotationTrigger trigger,
                                                 Supplier<Optional<OwedFinish>> owedFinish) {
        Optional<RotationResult> done = alreadyServed(secret, trigger);
        if (done.isPresent() && owedFinish.get().map(o -> o.dueBy(clock.instant())).orElse(false)) {
            return Optional.empty();
        }
        return done;
    }

    private Optional<RotationResult> alreadyServed(Secret secret, RotationTrigger trigger) {
        if (trigger.token() != null) {
            Optional<SecretVersion> existing = store.version(secret.name(), trigger.token());
            if (existing.isPresent() && !existing.get().has(Stages.PENDING)) {
                return Optional.of(new RotationResult(secret.name(), trigger.token(),
                        RotationResult.Status.ALREADY_DONE, Optional.empty()));
            }
        }
        Instant last = secret.rotation().lastRotation();
        if (trigger.dueAt() != null && last != null && !last.isBefore(trigger.dueAt())) {
            return Optional.of(new RotationResult(secret.name(), null, RotationResult.Status.NOT_DUE, Optional.empty()));
        }
        return Optional.empty();
    }

    /**
     * The rotation lock this run holds. Without a liveness no other worker can take it before it expires, so it is
     * renewed before a step only once half of it has run out (slow targets, retries with backoff): a quick rotation
     * renews nothing. With one, a worker that stalls long enough (a long GC pause, a frozen VM) looks dead and its
     * lock is taken over before its lease ends: so the run confirms the lock before each step that changes the target
     * or the stages (set, promote), and stops there if it was taken. Where a store write comes right before such a
     * step (the pending version before set, the promote itself), the confirmation rides in that write's transaction.
     */
    private final class Lease {
        private final String name;
        private Instant renewedAt;
        /** Set once the run gave the lock back with its last store write. */
        private boolean released;

        Lease(String name, Instant takenAt) {
            this.name = name;
            this.renewedAt = takenAt;
        }

        void renewIfHalfSpent() {
            if (clock.instant().isBefore(renewedAt.plus(halfLease))) {
                return;
            }
            renew();
        }

        /** Before set and promote: renews and so confirms the lock wherever it could have been taken over. */
        void confirm() {
            if (confirmNeeded(clock.instant())) {
                renew();
            }
        }

        /**
         * A store write that confirms the lock where {@link #confirm} would, in the write's own transaction where the
         * store can: a run whose lock was taken over then writes nothing.
         */
        void confirmWith(Consumer<SecretStore.LockFence> write) {
            Instant now = clock.instant();
            SecretStore.LockFence fence = confirmNeeded(now) ? new SecretStore.LockFence(owner, now, now.plus(lockLease))
                    : null;
            write.accept(fence);
            if (fence != null) {
                renewedAt = now;
            }
        }

        private boolean confirmNeeded(Instant now) {
            return liveness != LockOwnerLiveness.NEVER_DEAD || !now.isBefore(renewedAt.plus(halfLease));
        }

        private void renew() {
            Instant now = clock.instant();
            if (!store.tryLock(name, owner, now, now.plus(lockLease))) {
                throw SecretStore.LockFence.lost(name);
            }
            renewedAt = now;
        }
    }

    private RotationResult run(Secret secret, SecretStore.RotationState state, RotationTrigger trigger, Lease lease) {
        String name = secret.name();
        Instant started = clock.instant();
        Rotator rotator = rotators.forType(secret.type()).orElseThrow(() -> new RotatorException(
                ErrorCode.ROTATION_FAILED, "no rotator is installed for secret type " + secret.type()));
        Map<String, SecretVersion> staged = state.staged();
        SecretVersion current = Optional.ofNullable(staged.get(Stages.CURRENT)).orElseThrow(() -> new RotatorException(
                ErrorCode.INTERNAL_FAILURE, "secret '" + name + "' has no ACSCurrent version"));
        Optional<SecretValue> previous = Optional.ofNullable(staged.get(Stages.PREVIOUS)).map(SecretVersion::value);
        List<SecretValue> secrets = new ArrayList<>();
        secrets.add(current.value());
        previous.ifPresent(secrets::add);

        Optional<OwedFinish> owed = state.owed();
        if (owed.isPresent() && !owed.get().dueBy(clock.instant())) {
            return finishNotDue(owed.get(), trigger);
        }
        if (owed.isPresent()) {
            // Promoted: only its clean-up is left (its time has come, or a crash came between promote and finish).
            String version = owed.get().versionId();
            event(secret, version, FINISH, owed.get().dueAt().isPresent() ? "Due" : "Resumed", 0, null);
            Optional<String> finishError = finish(rotator, secret, version, current.value(), previous, secrets,
                    trigger.options(), lease);
            return new RotationResult(name, version, RotationResult.Status.ROTATED, finishError);
        }

        String token = null;
        String step = CREATE;
        // The set and test steps' success events: stored with the promote (or with the failure), not alone.
        List<RotationEvent> unsaved = new ArrayList<>();
        try {
            Optional<SecretVersion> inFlight = Optional.ofNullable(staged.get(Stages.PENDING));
            SecretVersion pending;
            if (inFlight.isPresent()) {
                pending = inFlight.get();
                token = pending.versionId();
                event(secret, token, CREATE, "Resumed", 0, null);
                step = SET;
                lease.confirm();
            } else {
                String newToken = trigger.token() != null ? trigger.token() : UUID.randomUUID().toString();
                token = newToken;
                // The pending version and the create step's event are stored in one transaction, which also
                // confirms the lock before set.
                pending = step(secret, token, CREATE, secrets, unsaved, () -> rotator.create(
                        new Rotator.CreateRequest(secret, newToken, current.value(), previous, trigger.options())).pending(),
                        (next, events) -> {
                            NewVersion version = new NewVersion(newToken, next, clock.instant());
                            lease.confirmWith(fence -> store.putVersion(name, version, Set.of(Stages.PENDING), events,
                                    fence));
                            return new SecretVersion(name, newToken, next, version.createTime(),
                                    Set.of(Stages.PENDING));
                        });
            }
            secrets.add(pending.value());
            String pendingId = token;

            step = SET;
            SecretVersion toSet = pending;
            Rotator.SetResponse set = step(secret, token, SET, secrets, unsaved, () -> rotator.set(
                    new Rotator.SetRequest(secret, pendingId, toSet.value(), current.value(), trigger.options(),
                            previous)), deferTo(unsaved));
            if (set.minted().isPresent()) {
                store.replacePendingValue(name, pendingId, set.minted().get());
                secrets.add(set.minted().get());
                pending = store.version(name, pendingId).orElseThrow();
            }

            step = TEST;
            lease.renewIfHalfSpent();
            SecretVersion toTest = pending;
            step(secret, token, TEST, secrets, unsaved, () -> {
                rotator.test(new Rotator.TestRequest(secret, pendingId, toTest.value(), trigger.options()));
                return null;
            }, deferTo(unsaved));

            step = PROMOTE;
            Duration finishDelay = rotator.finishDelay(secret, trigger.options());
            // Nothing to clean up: the finish step is recorded with the promote, which also gives the lock back.
            boolean finishedWithPromote = finishDelay.isZero() && !rotator.finishes(secret);
            // The commit point, its event, the rotation's outcome event and when its finish is due: one transaction,
            // which also confirms the lock.
            Instant finishDue = step(secret, token, PROMOTE, secrets, unsaved, () -> null, (nothing, events) -> {
                Instant done = clock.instant();
                events.add(newEvent(secret, pendingId, ROTATION, "Success", Duration.between(started, done).toMillis(),
                        null));
                // Milliseconds, as the store keeps times.
                Instant due = finishDelay.compareTo(Duration.ZERO) > 0
                        ? done.truncatedTo(ChronoUnit.MILLIS).plus(finishDelay) : null;
                List<RotationEvent> batch = new ArrayList<>(unsaved);
                if (finishedWithPromote) {
                    events.add(newEvent(secret, pendingId, FINISH, "Success", 0, null));
                    batch.addAll(events);
                    lease.confirmWith(fence -> store.promoteFinished(name, pendingId, done, batch, fence, owner));
                    lease.released = true;
                } else {
                    batch.addAll(events);
                    lease.confirmWith(fence -> store.promote(name, pendingId, done, due, batch, fence));
                }
                unsaved.clear();
                return due;
            });
            long millis = Duration.between(started, clock.instant()).toMillis();
            if (finishDue != null) {
                LOG.info("rotated secret '{}' (token {}) in {} ms; the former credential keeps working until {}, when "
                        + "the finish step runs", name, token, millis, finishDue);
                return new RotationResult(name, token, RotationResult.Status.ROTATED, Optional.empty(),
                        Optional.of(finishDue));
            }

            Optional<String> finishError = finishedWithPromote ? Optional.empty() : finish(rotator, secret, token,
                    pending.value(), Optional.of(current.value()), secrets, trigger.options(), lease);
            LOG.info("rotated secret '{}' (token {}) in {} ms", name, token, millis);
            return new RotationResult(name, token, RotationResult.Status.ROTATED, finishError);
        } catch (RotatorException e) {
            fail(secret, token, step, e, started, unsaved);
            throw e;
        }
    }

    /**
     * A promoted rotation waits for its finish: a new rotation (another token) is refused, as Alibaba refuses one
     * during a RAM rotation window; anything else (its own token, a schedule) runs nothing.
     */
    private RotationResult finishNotDue(OwedFinish owed, RotationTrigger trigger) {
        Instant due = owed.dueAt().orElseThrow();
        if (trigger.token() != null && !trigger.token().equals(owed.versionId())) {
            throw new RotatorException(ErrorCode.ROTATION_IN_PROGRESS, "Your secret is being rotated, please try "
                    + "again later (secret '" + owed.secretName() + "': the former credential is kept until " + due
                    + ", when the rotation finishes)");
        }
        return new RotationResult(owed.secretName(), owed.versionId(), RotationResult.Status.FINISH_WAITING,
                Optional.empty(), Optional.of(due));
    }

    /**
     * The finish step: retried like the others, but a failure is reported and never rolls back.
     * Either way the version stops owing its finish, so a failing clean-up cannot block later rotations.
     */
    private Optional<String> finish(Rotator rotator, Secret secret, String token, SecretValue newCurrent,
                                    Optional<SecretValue> oldCurrent, List<SecretValue> secrets,
                                    RotationOptions options, Lease lease) {
        Optional<String> error = Optional.empty();
        List<RotationEvent> unsaved = new ArrayList<>();
        try {
            step(secret, token, FINISH, secrets, unsaved, () -> {
                rotator.finish(new Rotator.FinishRequest(secret, token, newCurrent, oldCurrent, options));
                return null;
            }, deferTo(unsaved));
        } catch (RotatorException e) {
            LOG.warn("secret '{}' (token {}) was promoted but its finish step failed: {}", secret.name(), token,
                    e.getMessage());
            error = Optional.of(e.getMessage());
        }
        // The finish event, the finish no longer owed and the lock given back: the run's last store write.
        store.finishedAndUnlock(secret.name(), token, owner, unsaved);
        lease.released = true;
        return error;
    }

    private void fail(Secret secret, String token, String step, RotatorException e, Instant started,
                      List<RotationEvent> unsaved) {
        Instant now = clock.instant();
        RotationError error = new RotationError(e.code().code(), e.getMessage(), step, now);
        try {
            saveUnsaved(unsaved);
            store.recordFailure(secret.name(), error);
            event(secret, token, ROTATION, "Failure", Duration.between(started, now).toMillis(), e);
        } catch (RuntimeException storeDown) {
            // The store itself may be the failure; the pending version is already safe in it or was never made.
            LOG.error("could not record the failed rotation of secret '{}': {}", secret.name(), storeDown.getMessage());
        }
        LOG.error("rotation of secret '{}' (token {}) failed at step {}: {} {}", secret.name(), token, step,
                e.code().code(), e.getMessage());
    }

    /** Runs one step with retries; every attempt's outcome is an event. Messages are scrubbed of values. */
    private <T> T step(Secret secret, String token, String step, List<SecretValue> secrets,
                       List<RotationEvent> unsaved, Supplier<T> body) {
        return step(secret, token, step, secrets, unsaved, body, (result, events) -> {
            events.forEach(store::append);
            return result;
        });
    }

    /**
     * A success whose event is kept in {@code unsaved} for the next write of the run (promote's transaction, the
     * failure, the finish's clean-up) instead of a round trip of its own. A crash before that write loses it, and
     * the resumed run repeats the step (set and test are idempotent), which records it again.
     */
    private static <T> Commit<T, T> deferTo(List<RotationEvent> unsaved) {
        return (result, events) -> {
            unsaved.addAll(events);
            return result;
        };
    }

    /** Stores the events kept back, before any later one, so the trail keeps the order of the steps. */
    private void saveUnsaved(List<RotationEvent> unsaved) {
        while (!unsaved.isEmpty()) {
            store.append(unsaved.get(0));
            unsaved.remove(0);
        }
    }

    /**
     * What a step's success stores: its state change (if any) with its event, in one transaction where the store
     * allows. It may add events that belong to the same change (promote adds the rotation's outcome); all of them
     * are told to the listener once stored.
     */
    @FunctionalInterface
    private interface Commit<T, R> {
        R store(T result, List<RotationEvent> events);
    }

    /**
     * {@link #step(Secret, String, String, List, List, Supplier)} whose success is stored by {@code commit}; a failed
     * attempt first stores the events kept back in {@code unsaved}.
     */
    private <T, R> R step(Secret secret, String token, String step, List<SecretValue> secrets,
                          List<RotationEvent> unsaved, Supplier<T> body, Commit<T, R> commit) {
        String name = secret.name();
        for (int attempt = 1; ; attempt++) {
            Instant start = clock.instant();
            try {
                T result = body.get();
                RotationEvent success = newEvent(secret, token, step, "Success", elapsed(start), null);
                List<RotationEvent> events = new ArrayList<>(List.of(success));
                R stored = commit.store(result, events);
                events.forEach(e -> notifyListener(secret, e));
                return stored;
            } catch (RuntimeException raw) {
                RotatorException e = asRotatorException(step, raw, secrets);
                boolean last = attempt >= retry.maxAttempts() || !retryable(e);
                saveUnsaved(unsaved);
                event(secret, token, step, last ? "Failure" : "Retry", elapsed(start), e);
                if (last) {
                    throw e;
                }
                LOG.warn("secret '{}' step {} attempt {} of {} failed: {}", name, step, attempt, retry.maxAttempts(),
                        e.getMessage());
                backoff(attempt);
            }
        }
    }

    private static RotatorException asRotatorException(String step, RuntimeException raw, List<SecretValue> secrets) {
        ErrorCode code = raw instanceof RotatorException r ? r.code() : ErrorCode.ROTATION_FAILED;
        String message = raw.getMessage() != null ? raw.getMessage() : raw.getClass().getSimpleName();
        if (!(raw instanceof RotatorException)) {
            message = step + " step failed: " + message;
        }
        return new RotatorException(code, Redactor.scrub(message, secrets));
    }

    /** Bad input does not get better by waiting; target and store trouble may. */
    private static boolean retryable(RotatorException e) {
        return e.code().httpStatus() >= 500 || e.code() == ErrorCode.THROTTLING;
    }

    private void backoff(int attempt) {
        try {
            sleeper.sleep(retry.backoffAfter(attempt));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "rotation interrupted (worker shutting down)");
        }
    }

    private long elapsed(Instant start) {
        return Duration.between(start, clock.instant()).toMillis();
    }

    private RotationEvent newEvent(Secret secret, String token, String step, String outcome, long millis,
                                   RotatorException e) {
        return new RotationEvent(secret.name(), token, step, outcome, millis, e == null ? null : e.code().code(),
                e == null ? null : e.getMessage(), clock.instant());
    }

    private void event(Secret secret, String token, String step, String outcome, long millis, RotatorException e) {
        RotationEvent event = newEvent(secret, token, step, outcome, millis, e);
        try {
            store.append(event);
        } finally {
            // Even when the store cannot take the event, the rotation did happen (or fail): count it.
            notifyListener(secret, event);
        }
    }

    private void notifyListener(Secret secret, RotationEvent event) {
        try {
            listener.onEvent(secret.type(), event);
        } catch (RuntimeException e) {
            LOG.warn("rotation listener failed on event {} of secret '{}': {}", event.eventName(), secret.name(),
                    e.toString());
        }
    }
}
