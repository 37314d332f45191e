package dev.rotator.worker.testing;

import dev.rotator.core.spi.Rotator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link FakeAccountsRotator} behind a gate on its set step, so that a test can hold a rotation in progress
 * ({@link #hold}), see it reach the target ({@link #awaitSetStarted}) and let it finish ({@link #release}).
 * Open by default.
 */
public final class GatedRotator implements Rotator {
    public final FakeAccountsRotator accounts = new FakeAccountsRotator();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore setsStarted = new Semaphore(0);

    /** The next set steps wait until {@link #release}. */
    public void hold() {
        gate = new CountDownLatch(1);
        setsStarted.drainPermits();
    }

    public void release() {
        gate.countDown();
    }

    public void awaitSetStarted() throws InterruptedException {
        if (!setsStarted.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no rotation reached its set step within 30 s");
        }
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        return accounts.create(request);
    }

    @Override
    public SetResponse set(SetRequest request) {
        setsStarted.release();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate");
        }
        return accounts.set(request);
    }

    @Override
    public void test(TestRequest request) {
        accounts.test(request);
    }

    @Override
    public void finish(FinishRequest request) {
        accounts.finish(request);
    }
}
