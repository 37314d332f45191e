package dev.rotator.worker.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** A value read at most once per period, so that frequent scrapes do not each query the store. */
final class Cached<T> implements Supplier<T> {
    private final Supplier<T> source;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private T value;
    private long readAt;
    private boolean read;

    Cached(Supplier<T> source, Duration period, LongSupplier nanoTime) {
        this.source = source;
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized T get() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt >= periodNanos) {
            value = source.get();
            readAt = now;
            read = true;
        }
        return value;
    }
}
