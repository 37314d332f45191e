package dev.rotator.worker.cli;

import java.util.Set;

/**
 * The exit statuses of the {@code rotator} client commands. They are part of the CLI's contract
 * (docs/cli.md): scripts branch on them, so a number never changes meaning.
 */
final class ExitCode {
    static final int OK = 0;
    /** Anything not listed below, such as an internal failure of the worker. */
    static final int OTHER = 1;
    /** Bad command line, or a request the API refused as malformed (InvalidParameter, MissingParameter). */
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    /** No or wrong credentials, or the AccessKey may not do this. */
    static final int DENIED = 4;
    /** The request conflicts with the secret's state: it exists, is pending deletion, is being rotated. */
    static final int CONFLICT = 5;
    /** The worker could not be reached: nothing listening, unknown host, TLS failure, no answer. */
    static final int UNREACHABLE = 6;
    /** {@code secret rotate --wait}: the rotation ran and failed. */
    static final int ROTATION_FAILED = 7;
    /** {@code secret rotate --wait}: no outcome within --timeout; the rotation may still be running. */
    static final int TIMED_OUT = 8;

    /** Refusals of the request's identity, whatever status the API gives them (some are 400 or 404). */
    private static final Set<String> AUTHENTICATION_CODES = Set.of("IncompleteSignature", "SignatureDoesNotMatch",
            "IllegalTimestamp", "SignatureNonceUsed", "Unauthorized");

    private ExitCode() {
    }

    /** The status for an API error, by its code first and its HTTP status otherwise. */
    static int forApiError(String code, int httpStatus) {
        String c = code == null ? "" : code;
        if (AUTHENTICATION_CODES.contains(c) || c.startsWith("InvalidAccessKeyId") || c.startsWith("Forbidden.AccessKey")
                || c.equals("Forbidden.NoPermission") || httpStatus == 401) {
            return DENIED;
        }
        if (c.equals("Forbidden.ResourceNotFound") || c.equals("Forbidden.KeyNotFound")
                || (httpStatus == 404 && !c.equals("InvalidAction.NotFound"))) {
            return NOT_FOUND;
        }
        if (httpStatus == 403) {
            return DENIED;
        }
        if (httpStatus == 409) {
            return CONFLICT;
        }
        if (httpStatus == 400) {
            return USAGE;
        }
        return OTHER;
    }
}
