package dev.rotator.core.testing;

import dev.rotator.core.SecretValue;
import dev.rotator.core.credential.CredentialGenerator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.Target;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the worker would hand a rotator, held in maps a test fills and changes: targets by id and the ACSCurrent
 * values of other secrets (management credentials). Concurrent maps: some tests rotate on several threads.
 */
public class InMemoryRotatorContext implements RotatorContext {
    public final Map<String, Target> targets = new ConcurrentHashMap<>();
    public final Map<String, SecretValue> secrets = new ConcurrentHashMap<>();
    private final CredentialGenerator generator = new CredentialGenerator();

    @Override
    public Optional<Target> target(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    @Override
    public Optional<SecretValue> currentValueOf(String secretName) {
        return Optional.ofNullable(secrets.get(secretName));
    }

    @Override
    public CredentialGenerator generator() {
        return generator;
    }
}
