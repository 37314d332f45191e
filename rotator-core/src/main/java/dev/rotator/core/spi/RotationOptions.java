package dev.rotator.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * What an operator chose for one rotation, handed to every step of it.
 *
 * @param overlapWindow RAMCredentials: how long the old AccessKey keeps working after the new one is promoted
 *                      (rotate-now with OverlapWindow, 10 minutes to 2 days);
 *                      empty means the rotator's default ({@link #DEFAULT_OVERLAP_WINDOW} for RAM). Other rotators
 *                      ignore it. A rotation resumed after a crash runs with the options of the run that resumes it.
 */
public record RotationOptions(Optional<Duration> overlapWindow) {
    public static final RotationOptions NONE = new RotationOptions(Optional.empty());
    /** The overlap of scheduled RAM rotations (DESIGN.md, Decisions). */
    public static final Duration DEFAULT_OVERLAP_WINDOW = Duration.ofHours(48);
    public static final Duration MIN_OVERLAP_WINDOW = Duration.ofMinutes(10);
    public static final Duration MAX_OVERLAP_WINDOW = Duration.ofDays(2);

    public RotationOptions {
        overlapWindow = overlapWindow == null ? Optional.empty() : overlapWindow;
    }

    public static RotationOptions overlap(Duration window) {
        return new RotationOptions(Optional.of(window));
    }
}
