package dev.rotator.core.spi;

import dev.rotator.core.SecretValue;
import dev.rotator.core.credential.CredentialGenerator;

import java.util.Optional;

/** What the worker hands a rotator: its targets, other secrets (management credentials) and a generator. */
public interface RotatorContext {

    Optional<Target> target(String id);

    /** The ACSCurrent value of another secret, such as a target's management credential. */
    Optional<SecretValue> currentValueOf(String secretName);

    CredentialGenerator generator();
}
