package dev.rotator.worker;

import dev.rotator.core.SecretType;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.engine.RotationListener;

import java.util.Set;

/**
 * TEST ONLY: kills this worker (Runtime.halt, no shutdown hooks, as kill -9 does) right after a rotation step's
 * success has been stored, to prove a crash at that step boundary loses nothing. Off unless the JVM is started with
 * {@code -Drotator.test.haltAfterStep=create|set|test|promote|finish}; nothing else reads the property, and it is not a
 * configuration setting. The reliability suite (ClusterReliabilityIT) turns it on.
 */
final class FaultInjection implements RotationListener {
    static final String PROPERTY = "rotator.test.haltAfterStep";
    /** The exit status of a halted worker, as a shell shows a process killed by SIGKILL. */
    static final int HALT_STATUS = 137;
    private static final Set<String> STEPS = Set.of("create", "set", "test", "promote", "finish");

    private final RotationListener next;
    private final String step;

    private FaultInjection(RotationListener next, String step) {
        this.next = next;
        this.step = step;
    }

    /** {@code next} alone unless the test-only property is set; then {@code next} followed by the halt. */
    static RotationListener around(RotationListener next) {
        String step = System.getProperty(PROPERTY);
        if (step == null) {
            return next;
        }
        if (!STEPS.contains(step)) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be one of " + STEPS + ", got '" + step + "'");
        }
        System.err.println("TEST ONLY fault injection: this worker halts after the first stored '" + step
                + "' step success");
        return new FaultInjection(next, step);
    }

    @Override
    public void onEvent(SecretType type, RotationEvent event) {
        next.onEvent(type, event);
        if (step.equals(event.step()) && "Success".equals(event.outcome())) {
            System.err.println("TEST ONLY fault injection: halting after step " + step + " of secret '"
                    + event.secretName() + "' (token " + event.token() + ")");
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
