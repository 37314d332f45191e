package dev.rotator.core.engine;

/**
 * How a dry run (the rotator's test step alone, on the ACSCurrent value) ended. A failing test is a result, not an
 * exception: the error code and the scrubbed message say what the target answered.
 *
 * @param versionId    the ACSCurrent version that was tested
 * @param token        the dry run's own token, {@code dry-run-<uuid>}, as in its audit event
 * @param errorCode    null on success
 * @param errorMessage null on success; never holds a secret value
 */
public record DryRunResult(String secretName, String versionId, String token, boolean success, String errorCode,
                           String errorMessage, long durationMillis) {

    /** "Success" or "Failure", as the audit event names it. */
    public String outcome() {
        return success ? "Success" : "Failure";
    }
}
