package dev.rotator.rds.testing;

import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Rotator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One secret's stages driven the way the engine drives them: create (unless a pending value is left), set, test,
 * then promote (ACSCurrent to the pending value, the old current to ACSPrevious), then finish. Volatile stages, so
 * reader threads of the zero-downtime test see each promotion. Any secret type: rotator-ecs's tests use it too.
 */
public final class Rotation {
    public final Secret secret;
    private final Rotator rotator;
    private volatile SecretValue current;
    private volatile SecretValue previous;
    private volatile SecretValue pending;

    /** An Rds secret, validated, holding {@code initial} as given (create modes make their accounts on rotation). */
    public Rotation(Rotator rotator, String name, Map<String, ?> extendedConfig, SecretValue initial) {
        this(rotator, SecretType.RDS, name, extendedConfig, initial, false);
    }

    private Rotation(Rotator rotator, SecretType type, String name, Map<String, ?> extendedConfig, SecretValue initial,
                     boolean provision) {
        this.rotator = rotator;
        this.secret = new Secret(name, type, null, null, null, ExtendedConfig.of(extendedConfig), null, null,
                null, Instant.now(), Instant.now());
        rotator.validate(secret, initial);
        this.current = provision ? rotator.provision(secret, initial) : initial;
    }

    /** A secret as CreateSecret makes it: validated, then provisioned (ACSCurrent is what provision returns). */
    public static Rotation created(Rotator rotator, SecretType type, String name, Map<String, ?> extendedConfig,
                                   SecretValue initial) {
        return new Rotation(rotator, type, name, extendedConfig, initial, true);
    }

    /** One full rotation; returns the new ACSCurrent. */
    public SecretValue rotate() {
        String token = UUID.randomUUID().toString();
        if (pending == null) {
            pending = rotator.create(new Rotator.CreateRequest(secret, token, current, Optional.ofNullable(previous))).pending();
        }
        rotator.set(new Rotator.SetRequest(secret, token, pending, current));
        rotator.test(new Rotator.TestRequest(secret, token, pending));
        previous = current;
        current = pending;
        pending = null;
        rotator.finish(new Rotator.FinishRequest(secret, token, current, Optional.ofNullable(previous)));
        return current;
    }

    /** Runs create alone (a later rotate resumes with its pending value, as after a crash). */
    public SecretValue createOnly() {
        pending = rotator.create(new Rotator.CreateRequest(secret, UUID.randomUUID().toString(), current,
                Optional.ofNullable(previous))).pending();
        return pending;
    }

    public SecretValue current() {
        return current;
    }

    public SecretValue previous() {
        return previous;
    }
}
