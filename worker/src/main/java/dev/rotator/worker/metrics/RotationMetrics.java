package dev.rotator.worker.metrics;

import dev.rotator.core.SecretType;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.engine.RotationListener;

import java.util.Locale;
import java.util.Set;

/**
 * Rotation metrics, fed by the engine's events: {@code rotator_rotations_total{type,outcome}} for
 * whole rotations (outcome success or failure) and {@code rotator_rotation_step_seconds{type,step}}
 * for every attempt of a step (a resumed step did no work and is not timed).
 */
public final class RotationMetrics implements RotationListener {
    /** From a quick database password change to a slow cloud API with retries. */
    static final double[] STEP_BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    private static final Set<String> TIMED_OUTCOMES = Set.of("Success", "Failure", "Retry");

    private final Counter rotations;
    private final Histogram stepSeconds;

    public RotationMetrics(MetricsRegistry registry) {
        rotations = registry.counter("rotator_rotations_total",
                "Rotations that ran to their end, by secret type and outcome (success or failure).", "type", "outcome");
        stepSeconds = registry.histogram("rotator_rotation_step_seconds",
                "Duration of each attempt of a rotation step (create, set, test, promote, finish), by secret type.",
                STEP_BUCKETS, "type", "step");
    }

    @Override
    public void onEvent(SecretType type, RotationEvent event) {
        if (RotationEngine.ROTATION.equals(event.step())) {
            rotations.inc(type.wireName(), event.outcome().toLowerCase(Locale.ROOT));
        } else if (TIMED_OUTCOMES.contains(event.outcome())) {
            stepSeconds.observe(event.durationMillis() / 1000.0, type.wireName(), event.step());
        }
    }
}
