package dev.rotator.worker.testing;

import dev.rotator.core.Secret;
import dev.rotator.core.spi.ForwardingRotator;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.Rotator;

import java.time.Duration;

/**
 * A rotator whose finish step waits after promote, as RAM's overlap window makes it wait: the rotation's
 * OverlapWindow if one was given, else {@code delay}. The steps themselves are {@code steps}'.
 */
public final class DeferringRotator extends ForwardingRotator {
    private final Duration delay;

    public DeferringRotator(Rotator steps, Duration delay) {
        super(steps);
        this.delay = delay;
    }

    @Override
    public Duration finishDelay(Secret secret, RotationOptions options) {
        return options.overlapWindow().orElse(delay);
    }
}
