package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Follows a rotation through /admin/v1/secrets/{name}/events: prints each step's event as it comes
 * and ends on the rotation's summary event (step {@code rotation}). After a success it waits a
 * little for the finish step, which the engine runs after promoting, and reports it too.
 */
final class RotationWatcher {
    static final String SUMMARY_STEP = "rotation";
    static final String FINISH_STEP = "finish";
    /** How long, after the rotation succeeded, to wait for the finish step's outcome. */
    static final Duration FINISH_GRACE = Duration.ofSeconds(10);
    /** A page of this many events may have more behind it: read on without sleeping. */
    private static final int PAGE = 100;

    private final AdminClient admin;
    private final String secretName;
    private final String path;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Duration pollInterval;

    RotationWatcher(AdminClient admin, String secretName, PrintWriter out, PrintWriter err, Duration pollInterval) {
        this.admin = admin;
        this.secretName = secretName;
        this.path = "/secrets/" + AdminClient.pathOf(secretName);
        this.out = out;
        this.err = err;
        this.pollInterval = pollInterval;
    }

    /** The id of the secret's newest event, "0" when it has none: the mark to follow from. */
    String lastEventId() {
        JsonNode events = admin.get(path + "/events?limit=1").path("Events");
        return events.size() > 0 && events.get(0).hasNonNull("Id") ? events.get(0).get("Id").asText() : "0";
    }

    /** True when the version exists and is no rotation in flight: rotating to it again does nothing. */
    boolean versionExistsAndIsNotPending(String versionId) {
        JsonNode state = admin.get(path + "/rotation");
        if (versionId.equals(state.path("Pending").path("VersionId").asText(null))) {
            return false;
        }
        for (JsonNode v : state.path("Versions")) {
            if (versionId.equals(v.path("VersionId").asText(null))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Prints the events after {@code afterId} until the rotation's outcome and returns the exit status:
     * 0 on success, {@link ExitCode#ROTATION_FAILED} on failure; {@link ExitCode#TIMED_OUT} is thrown
     * when there is no outcome within {@code timeout}.
     */
    int follow(String token, String afterId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long finishDeadline = Long.MAX_VALUE;
        String last = afterId;
        String failedStep = null;
        JsonNode success = null;
        while (true) {
            JsonNode events = admin.get(path + "/events?after=" + last + "&limit=" + PAGE).path("Events");
            for (JsonNode e : events) {
                last = e.path("Id").asText(last);
                String step = e.path("Step").asText("");
                String outcome = e.path("Outcome").asText("");
                out.println(line(e, token));
                out.flush();
                if (SUMMARY_STEP.equals(step) && "Failure".equals(outcome)) {
                    err.println("error: the rotation of " + secretName + " failed" + (failedStep == null ? ""
                            : " at step " + failedStep) + ": " + e.path("ErrorCode").asText("") + ": "
                            + e.path("ErrorMessage").asText(""));
                    err.flush();
                    return ExitCode.ROTATION_FAILED;
                }
                if ("Failure".equals(outcome)) {
                    failedStep = step;
                }
                if (SUMMARY_STEP.equals(step) && "Success".equals(outcome)) {
                    success = e;
                    finishDeadline = Math.min(deadline, System.nanoTime() + FINISH_GRACE.toNanos());
                }
                if (success != null && FINISH_STEP.equals(step) && sameToken(e, success)
                        && ("Success".equals(outcome) || "Failure".equals(outcome))) {
                    return succeeded(success, outcome);
                }
            }
            if (events.size() >= PAGE) {
                continue;
            }
            long now = System.nanoTime();
            if (success != null && now - finishDeadline >= 0) {
                return succeeded(success, null);
            }
            if (now - deadline >= 0) {
                throw new CliException(ExitCode.TIMED_OUT, "no outcome of the rotation of " + secretName + " within "
                        + timeout.toString().substring(2).toLowerCase() + "; it may still be running: `rotator secret describe " + secretName
                        + "` shows its state");
            }
            sleep(Math.min(pollInterval.toNanos(), (success != null ? finishDeadline : deadline) - now));
        }
    }

    private int succeeded(JsonNode summary, String finishOutcome) {
        String version = summary.path("Token").asText("?");
        out.println("Rotated " + secretName + ": version " + version + " is ACSCurrent");
        if (finishOutcome == null) {
            out.println("The finish step (clean-up) has not reported yet; it does not change the current version");
        } else if ("Failure".equals(finishOutcome)) {
            err.println("warning: the finish step (clean-up) failed; the new version stays current");
        }
        out.flush();
        err.flush();
        return ExitCode.OK;
    }

    private static boolean sameToken(JsonNode a, JsonNode b) {
        return a.path("Token").asText("").equals(b.path("Token").asText(""));
    }

    /** {@code <time>  <step>  <outcome>  <duration>} and, when there is one, the error; values never appear in events. */
    static String line(JsonNode e, String token) {
        StringBuilder line = new StringBuilder(String.format("%-20s  %-8s  %-8s  %8s",
                e.path("Time").asText(""), e.path("Step").asText(""), e.path("Outcome").asText(""),
                e.path("DurationMs").asLong(0) + " ms"));
        String eventToken = e.path("Token").asText(null);
        if (eventToken != null && !eventToken.equals(token)) {
            // A rotation left pending earlier is resumed under its own version id.
            line.append("  (version ").append(eventToken).append(')');
        }
        if (e.hasNonNull("ErrorCode") && !e.get("ErrorCode").asText().isEmpty()) {
            line.append("  ").append(e.get("ErrorCode").asText()).append(": ").append(e.path("ErrorMessage").asText(""));
        }
        return line.toString();
    }

    private void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis(), (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.OTHER, "interrupted while waiting for the rotation of " + secretName);
        }
    }
}
