package dev.rotator.worker.cli;

/** A failure found on the client's side (credentials, the connection, a rotation's outcome), with its exit status. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
