package dev.rotator.core.spi;

import dev.rotator.core.Secret;
import dev.rotator.core.SecretValue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A rotator that hands every step to another one; subclasses override the steps they change (a flavour's own
 * rules on a shared rotator, a test's fault on a real one). Nothing is left to the interface's defaults, so a step
 * added to {@link Rotator} is forwarded here once rather than forgotten by each wrapper.
 */
public abstract class ForwardingRotator implements Rotator {
    private final Rotator delegate;

    protected ForwardingRotator(Rotator delegate) {
        this.delegate = delegate;
    }

    @Override
    public void validate(Secret secret, SecretValue initialValue) {
        delegate.validate(secret, initialValue);
    }

    @Override
    public SecretValue provision(Secret secret, SecretValue initialValue) {
        return delegate.provision(secret, initialValue);
    }

    @Override
    public void preflight(Secret secret, List<Secret> earlier) {
        delegate.preflight(secret, earlier);
    }

    @Override
    public void deprovision(Secret secret, SecretValue initialValue, SecretValue provisioned) {
        delegate.deprovision(secret, initialValue, provisioned);
    }

    @Override
    public Optional<CredentialIdentity> identity(Secret secret, SecretValue value) {
        return delegate.identity(secret, value);
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        return delegate.create(request);
    }

    @Override
    public SetResponse set(SetRequest request) {
        return delegate.set(request);
    }

    @Override
    public void test(TestRequest request) {
        delegate.test(request);
    }

    @Override
    public void finish(FinishRequest request) {
        delegate.finish(request);
    }

    @Override
    public boolean finishes(Secret secret) {
        return delegate.finishes(secret);
    }

    @Override
    public Duration finishDelay(Secret secret, RotationOptions options) {
        return delegate.finishDelay(secret, options);
    }
}
