package dev.rotator.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A secret's automatic rotation settings and times. {@code interval} is set whenever
 * rotation was ever enabled; {@code nextRotation} only while it is Enabled or Invalid.
 */
public record RotationPolicy(AutomaticRotation state, Duration interval, Instant nextRotation, Instant lastRotation) {

    public static RotationPolicy disabled() {
        return new RotationPolicy(AutomaticRotation.Disabled, null, null, null);
    }

    public boolean enabled() {
        return state != AutomaticRotation.Disabled;
    }

    public RotationPolicy withState(AutomaticRotation newState) {
        return new RotationPolicy(newState, interval, nextRotation, lastRotation);
    }

    public RotationPolicy withNextRotation(Instant next) {
        return new RotationPolicy(state, interval, next, lastRotation);
    }

    /** After a successful rotation: Enabled again if it was Invalid, next one an interval later. */
    public RotationPolicy afterSuccess(Instant at) {
        if (state == AutomaticRotation.Disabled) {
            return new RotationPolicy(state, interval, null, at);
        }
        return new RotationPolicy(AutomaticRotation.Enabled, interval, at.plus(interval), at);
    }

    /** After a rotation's retries are spent: Invalid, the next attempt an interval later; Disabled stays as it is. */
    public RotationPolicy afterFailure(Instant at) {
        if (state == AutomaticRotation.Disabled) {
            return this;
        }
        return new RotationPolicy(AutomaticRotation.Invalid, interval, at.plus(interval), lastRotation);
    }
}
