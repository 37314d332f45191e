package dev.rotator.core.engine;

import java.time.Instant;

/**
 * One line of the audit trail: a step of a rotation and how it ended. Never holds a value.
 *
 * @param step    create, set, test, promote, finish, or rotation for the whole run
 * @param outcome Success, Failure, Retry, Resumed or Skipped
 */
public record RotationEvent(String secretName, String token, String step, String outcome, long durationMillis,
                            String errorCode, String errorMessage, Instant at) {

    /** The name of the whole rotation's outcome, as KMS names its CloudMonitor events. */
    public String eventName() {
        return "rotation".equals(step) ? "Secret:RotateSecret:" + outcome : "Secret:RotateSecret:" + step + ":" + outcome;
    }
}
