package dev.rotator.core;

/** Stable error codes, in the Alibaba KMS vocabulary, with the HTTP status the API answers with. */
public enum ErrorCode {
    INVALID_PARAMETER("InvalidParameter", 400),
    MISSING_PARAMETER("MissingParameter", 400),
    LIMIT_EXCEEDED("Rejected.LimitExceeded", 400),
    NO_PERMISSION("Forbidden.NoPermission", 403),
    RESOURCE_NOT_FOUND("Forbidden.ResourceNotFound", 404),
    KEY_NOT_FOUND("Forbidden.KeyNotFound", 404),
    /** The key is disabled: GenerateDataKey, Encrypt and Decrypt refuse it (Alibaba: "Impact of CMK states"). */
    KEY_DISABLED("Rejected.Disabled", 409),
    /** Decrypt: the blob is not one of ours, was altered, or EncryptionContext differs from the one it was made with. */
    INVALID_CIPHERTEXT("InvalidCiphertext", 400),
    RESOURCE_EXIST("Rejected.ResourceExist", 409),
    IN_DELETE_WINDOW("Rejected.ResourceInDeleteWindow", 409),
    /** A rotation of the secret is already running: "Your secret is being rotated, please try again later". */
    ROTATION_IN_PROGRESS("Rejected.SecretRotating", 409),
    THROTTLING("Rejected.Throttling", 429),
    /** The value could not be decrypted: wrong key, or a ciphertext that belongs to another secret/version. */
    DECRYPTION_FAILED("Rejected.DecryptionFailed", 500),
    /** A rotation step failed on the target system. */
    ROTATION_FAILED("Rejected.RotationFailed", 500),
    INTERNAL_FAILURE("InternalFailure", 500),
    /**
     * A service the worker depends on does not answer (the KMS instance that wraps its data keys or holds its
     * secrets): the message names it, and the call can be tried again once it is back.
     */
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),

    // Refusals of the API gateway, before any action runs: who is calling, and is the request intact.
    /** The Authorization header or the RPC signature parameters are missing or garbled. */
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 400),
    /** The request's timestamp is garbled or more than the allowed skew away from the server's clock. */
    ILLEGAL_TIMESTAMP("IllegalTimestamp", 400),
    /** The nonce was seen before, within the timestamp window: a replay. */
    SIGNATURE_NONCE_USED("SignatureNonceUsed", 400),
    ACCESS_KEY_NOT_FOUND("InvalidAccessKeyId.NotFound", 404),
    ACCESS_KEY_INACTIVE("InvalidAccessKeyId.Inactive", 403),
    ACTION_NOT_FOUND("InvalidAction.NotFound", 404),
    /** The API version is not the one served (KMS 2016-01-20). */
    INVALID_VERSION("InvalidVersion", 400),
    /**
     * /admin/v1 (HTTP Basic): no credentials, or an unknown, disabled or wrong AccessKey, all alike so that the
     * answer tells nothing about which keys exist.
     */
    UNAUTHENTICATED("Unauthenticated", 401);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
