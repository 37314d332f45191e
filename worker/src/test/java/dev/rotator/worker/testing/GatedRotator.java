package dev.rotator.worker.testing;

import dev.rotator.core.spi.ForwardingRotator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link FakeAccountsRotator} behind a gate on its set step, so that a test can hold a rotation in progress
 * ({@link #hold}), see it reach the target ({@link #awaitSetStarted}) and let it finish ({@link #release}).
 * Open by default.
 */
public final class GatedRotator extends ForwardingRotator {
    public final FakeAccountsRotator accounts;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore setsStarted = new Semaphore(0);

    public GatedRotator() {
        this(new FakeAccountsRotator());
    }

    private GatedRotator(FakeAccountsRotator accounts) {
        super(accounts);
        this.accounts = accounts;
    }

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
        return super.set(request);
    }
}
