package dev.rotator.core;

/**
 * The one exception type callers see: a stable code and a message that names the field and
 * the rule. Messages are written for operators and must never contain a secret value.
 */
public class RotatorException extends RuntimeException {
    private final ErrorCode code;

    public RotatorException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public RotatorException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static RotatorException invalid(String field, String rule) {
        return new RotatorException(ErrorCode.INVALID_PARAMETER, field + ": " + rule);
    }

    public static RotatorException missing(String field) {
        return new RotatorException(ErrorCode.MISSING_PARAMETER, field + ": is required");
    }

    public static RotatorException notFound(String what) {
        return new RotatorException(ErrorCode.RESOURCE_NOT_FOUND, what + " does not exist");
    }
}
