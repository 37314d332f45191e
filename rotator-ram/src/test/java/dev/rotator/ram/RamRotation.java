package dev.rotator.ram;

import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.Rotator;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * One RAMCredentials secret's stages driven as the engine drives them: create a placeholder unless one is pending,
 * set (a minted value replaces the placeholder), test, promote, and finish once the overlap window is over
 * ({@link #finish}). Steps can be run one by one to stop where a crash would.
 */
final class RamRotation {
    final Secret secret = RamFixture.secret();
    private final Rotator rotator;
    SecretValue current;
    SecretValue previous;
    SecretValue pending;
    private String token;

    RamRotation(Rotator rotator, SecretValue initialData) {
        this.rotator = rotator;
        rotator.validate(secret, initialData);
        current = rotator.provision(secret, initialData);
    }

    /** create + set + test + promote; returns the overlap window after which {@link #finish} is due. */
    Duration rotateUntilPromoted(RotationOptions options) {
        createIfNone(options);
        set(options);
        rotator.test(new Rotator.TestRequest(secret, token, pending, options));
        previous = current;
        current = pending;
        pending = null;
        return rotator.finishDelay(secret, options);
    }

    void createIfNone(RotationOptions options) {
        if (pending == null) {
            token = UUID.randomUUID().toString();
            pending = rotator.create(new Rotator.CreateRequest(secret, token, current, Optional.ofNullable(previous),
                    options)).pending();
        }
    }

    /** The set step; a minted value is stored into the pending placeholder, as the engine does. */
    void set(RotationOptions options) {
        Rotator.SetResponse r = rotator.set(new Rotator.SetRequest(secret, token, pending, current, options,
                Optional.ofNullable(previous)));
        r.minted().ifPresent(v -> pending = v);
    }

    void finish() {
        rotator.finish(new Rotator.FinishRequest(secret, token, current, Optional.ofNullable(previous)));
    }

    AccessKey currentKey() {
        return AccessKey.of(current, "current");
    }

    AccessKey previousKey() {
        return AccessKey.of(previous, "previous");
    }
}
