package dev.rotator.core.service;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.spi.KeyDirectory;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.core.validation.SecretRules;
import dev.rotator.core.validation.ValidatedSecret;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operations on secrets that the API and the CLI share. Every input passes
 * {@link SecretRules} (and the type's rotator) before anything is written, so bad input changes
 * nothing; every change to a rotation policy is handed to the scheduler.
 */
public final class SecretService {
    private final SecretStore store;
    private final KeyDirectory keys;
    private final RotatorRegistry rotators;
    private final Consumer<Secret> scheduleChanged;
    private final Clock clock;

    public SecretService(SecretStore store, KeyDirectory keys, RotatorRegistry rotators,
                         Consumer<Secret> scheduleChanged, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.rotators = rotators;
        this.scheduleChanged = scheduleChanged;
        this.clock = clock;
    }

    /** CreateSecret: the first version gets ACSCurrent; rotation, when enabled, is due one interval from now. */
    public Secret create(NewSecretRequest request) {
        ValidatedSecret v = SecretRules.validateNewSecret(request, keys);
        Instant now = clock.instant();
        SecretValue value = SecretValue.of(request.secretData(), v.dataType());
        RotationPolicy policy = v.rotationInterval()
                .map(interval -> new RotationPolicy(AutomaticRotation.Enabled, interval, now.plus(interval), null))
                .orElse(RotationPolicy.disabled());
        Secret secret = new Secret(v.name(), v.type(), v.description(), v.encryptionKeyId(), v.tags(),
                v.extendedConfig(), policy, null, null, now, now);
        if (v.type().isManaged()) {
            rotatorFor(secret).validate(secret, value);
        }
        store.create(secret, new NewVersion(v.versionId(), value, now));
        scheduleChanged.accept(secret);
        return secret;
    }

    /**
     * UpdateSecretRotationPolicy. Enabling schedules the last rotation (or the creation) plus the
     * interval, or now when that is already past.
     */
    public Secret updateRotationPolicy(String name, boolean enable, String interval) {
        Secret secret = existing(name);
        Optional<Duration> checked = SecretRules.checkRotation(secret.type(), enable, interval);
        RotationPolicy old = secret.rotation();
        RotationPolicy policy;
        if (checked.isEmpty()) {
            policy = new RotationPolicy(AutomaticRotation.Disabled, old.interval(), null, old.lastRotation());
        } else {
            Instant base = old.lastRotation() != null ? old.lastRotation() : secret.createTime();
            Instant next = base.plus(checked.get());
            Instant now = clock.instant();
            AutomaticRotation state = old.state() == AutomaticRotation.Invalid ? AutomaticRotation.Invalid
                    : AutomaticRotation.Enabled;
            policy = new RotationPolicy(state, checked.get(), next.isBefore(now) ? now : next, old.lastRotation());
        }
        Secret updated = secret.withRotation(policy);
        store.update(updated);
        scheduleChanged.accept(updated);
        return updated;
    }

    private Secret existing(String name) {
        Secret secret = store.find(name).orElseThrow(() -> RotatorException.notFound("SecretName: secret '" + name + "'"));
        if (secret.pendingDeletion()) {
            throw new RotatorException(ErrorCode.IN_DELETE_WINDOW, "SecretName: secret '" + name
                    + "' is scheduled for deletion");
        }
        return secret;
    }

    private Rotator rotatorFor(Secret secret) {
        return rotators.forType(secret.type()).orElseThrow(() -> RotatorException.invalid("SecretType",
                "no rotator for " + secret.type() + " is installed in this worker"));
    }
}
