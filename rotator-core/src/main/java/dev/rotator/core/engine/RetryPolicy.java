package dev.rotator.core.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a failing step is tried and how long to wait in between: exponential backoff with
 * up to 20% jitter, capped.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration backoffAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        long capped = (long) Math.min(millis, maxBackoff.toMillis());
        long jitter = capped == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Duration.ofMillis(capped - jitter);
    }
}
