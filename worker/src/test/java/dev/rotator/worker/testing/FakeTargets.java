package dev.rotator.worker.testing;

import dev.rotator.core.spi.Rotator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each secret's fake target, an instance of its own as a real secret's database instance is: secrets sharing one
 * account table would overwrite each other's pending password when they rotate at once, failing each other's test
 * step. As a rotator it runs each step on the target of the step's secret.
 */
public final class FakeTargets implements Rotator {
    private final Map<String, FakeAccountsRotator> targets = new ConcurrentHashMap<>();

    /** The target of {@code secret}, made on first use. */
    public FakeAccountsRotator target(String secret) {
        return targets.computeIfAbsent(secret, s -> new FakeAccountsRotator());
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        return target(request.secret().name()).create(request);
    }

    @Override
    public SetResponse set(SetRequest request) {
        return target(request.secret().name()).set(request);
    }

    @Override
    public void test(TestRequest request) {
        target(request.secret().name()).test(request);
    }

    @Override
    public void finish(FinishRequest request) {
        target(request.secret().name()).finish(request);
    }
}
