package dev.rotator.worker;

import dev.rotator.core.SecretValue;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.credential.CredentialGenerator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.spi.Target;

import java.util.Map;
import java.util.Optional;

/**
 * What rotators get from the worker: the configured targets, other secrets' current values, a generator. Public for
 * the rotation benchmark, which wires the real engine and rotators in process.
 */
public final class WorkerRotatorContext implements RotatorContext {
    private final Map<String, Target> targets;
    private final SecretStore store;
    private final CredentialGenerator generator = new CredentialGenerator();

    public WorkerRotatorContext(Map<String, Target> targets, SecretStore store) {
        this.targets = Map.copyOf(targets);
        this.store = store;
    }

    @Override
    public Optional<Target> target(String id) {
        return Optional.ofNullable(targets.get(id));
    }

    @Override
    public Optional<SecretValue> currentValueOf(String secretName) {
        return store.versionAt(secretName, Stages.CURRENT).map(SecretVersion::value);
    }

    @Override
    public CredentialGenerator generator() {
        return generator;
    }
}
