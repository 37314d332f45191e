package dev.rotator.core.spi;

import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;

import java.util.List;
import java.util.Optional;

/**
 * Rotates the credential a secret holds on its target system. The engine calls the steps in
 * order and may call any of them again after a crash, so every step must be idempotent.
 * A rotator knows its target and nothing of HTTP, scheduling or storage.
 *
 * <p>Errors are thrown as exceptions whose messages never contain a secret value.
 */
public interface Rotator {

    /** Checks a new secret of this type before anything is stored (ExtendedConfig, initial value). */
    default void validate(Secret secret, SecretValue initialValue) {
    }

    /**
     * Called once by CreateSecret, after {@link #validate} and before anything is stored: makes on the target what
     * the secret asks to be created (the accounts of a create-account mode) and returns the value to store as the
     * first ACSCurrent, in the shape GetSecretValue serves. The default stores the value as given. If it throws,
     * nothing is stored; it must not leave half of what it creates behind when it can avoid it.
     */
    default SecretValue provision(Secret secret, SecretValue initialValue) {
        return initialValue;
    }

    /**
     * Create Bulk Secrets, after every secret of the batch passed {@link #validate} and before any is provisioned:
     * checks on the target that {@link #provision} of {@code secret} would not be refused for what exists there (an
     * account already taken), and that it asks for nothing that one of {@code earlier} (the batch's secrets of this
     * type before it, already checked) asks for. Changes nothing. Errors name the field as validate's do; the caller
     * adds the secret's place in the batch. The default checks nothing, for types whose provision makes nothing.
     */
    default void preflight(Secret secret, List<Secret> earlier) {
    }

    /**
     * Undoes {@link #provision}: removes from the target what provision made for {@code secret} from
     * {@code initialValue} (the SecretData CreateSecret was given), whose value it returned as {@code provisioned};
     * nothing that existed before. Called when the creation fails after provision (the store refused the secret, or
     * a bulk creation failed on a later secret), so that the failed call leaves nothing and a retry is not refused
     * for what it made. The default removes nothing, for types whose provision makes nothing.
     */
    default void deprovision(Secret secret, SecretValue initialValue, SecretValue provisioned) {
    }

    /**
     * What credential on its target this secret rotates, e.g. {@code host-1/alice} for an ECS login: two secrets of
     * one type with the same identity would each rotate the other's value away, so CreateSecret refuses the second
     * (Rejected.ResourceExist naming {@link CredentialIdentity#field()}). Called after {@link #validate} with a new
     * secret's initial value, and with the ACSCurrent value of the type's existing secrets. The default, empty, means
     * no such check (dual-account types name their accounts in the secret itself, and the store keeps names unique).
     */
    default Optional<CredentialIdentity> identity(Secret secret, SecretValue value) {
        return Optional.empty();
    }

    /**
     * @param key   the credential, as the refusal names it ({@code host-1/alice}); not a secret
     * @param field the input that decides it, as the refusal names it ({@code SecretData.UserName})
     */
    record CredentialIdentity(String key, String field) {
    }

    /** Computes the next value from the current one. Nothing is changed on the target yet. */
    CreateResponse create(CreateRequest request);

    /** Applies the pending value to the target. Re-applying the same value is harmless. */
    SetResponse set(SetRequest request);

    /** Proves the pending value works with a fresh login made with it alone. */
    void test(TestRequest request);

    /** Clean-up after promotion (old key removal). A failure is reported and never rolls back. */
    default void finish(FinishRequest request) {
    }

    /**
     * Whether {@link #finish} has work to do for this secret. True, the default, runs it after the promote; false
     * lets the engine record the finish step with the promote, in the same store write.
     */
    default boolean finishes(Secret secret) {
        return true;
    }

    /**
     * How long after promote the finish step waits (RAM: the old AccessKey keeps working through the overlap window).
     * Zero, the default, finishes at once. Otherwise the engine records when the finish is due; the rotation stays
     * in progress until then, and the worker's scheduler runs the finish at that time (after a restart too).
     */
    default java.time.Duration finishDelay(Secret secret, RotationOptions options) {
        return java.time.Duration.ZERO;
    }

    /** @param options what the operator chose for this rotation (RAM's overlap window) */
    record CreateRequest(Secret secret, String token, SecretValue current, Optional<SecretValue> previous,
                         RotationOptions options) {
        public CreateRequest(Secret secret, String token, SecretValue current, Optional<SecretValue> previous) {
            this(secret, token, current, previous, RotationOptions.NONE);
        }
    }

    record CreateResponse(SecretValue pending) {
    }

    /**
     * @param previous the ACSPrevious value, if any: with current and pending, what the secret's stages point at (a
     *                 target that mints credentials must not delete what a stage still names)
     */
    record SetRequest(Secret secret, String token, SecretValue pending, SecretValue current, RotationOptions options,
                      Optional<SecretValue> previous) {
        public SetRequest {
            previous = previous == null ? Optional.empty() : previous;
        }

        public SetRequest(Secret secret, String token, SecretValue pending, SecretValue current,
                          RotationOptions options) {
            this(secret, token, pending, current, options, Optional.empty());
        }

        public SetRequest(Secret secret, String token, SecretValue pending, SecretValue current) {
            this(secret, token, pending, current, RotationOptions.NONE);
        }
    }

    /** {@code minted} is set when the target made the credential itself (RAM); the engine stores it. */
    record SetResponse(Optional<SecretValue> minted) {
        public static SetResponse applied() {
            return new SetResponse(Optional.empty());
        }

        public static SetResponse minted(SecretValue value) {
            return new SetResponse(Optional.of(value));
        }
    }

    /**
     * @param pending the value to prove; for a dry run (the test step alone) it is the ACSCurrent value and the
     *                token starts with {@code dry-run-}
     */
    record TestRequest(Secret secret, String token, SecretValue pending, RotationOptions options) {
        public TestRequest(Secret secret, String token, SecretValue pending) {
            this(secret, token, pending, RotationOptions.NONE);
        }
    }

    record FinishRequest(Secret secret, String token, SecretValue current, Optional<SecretValue> previous,
                         RotationOptions options) {
        public FinishRequest(Secret secret, String token, SecretValue current, Optional<SecretValue> previous) {
            this(secret, token, current, previous, RotationOptions.NONE);
        }
    }
}
