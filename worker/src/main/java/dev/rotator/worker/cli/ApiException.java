package dev.rotator.worker.cli;

/**
 * The worker refused a request: the Alibaba error shape's Code and Message, from the SDK's
 * TeaException or from an /admin/v1 answer. The message is the server's, which never holds a value.
 */
final class ApiException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    ApiException(String code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    int exitCode() {
        return ExitCode.forApiError(code, httpStatus);
    }

    /** The one line the CLI prints for it. */
    String line() {
        return "error: " + code + ": " + getMessage();
    }
}
