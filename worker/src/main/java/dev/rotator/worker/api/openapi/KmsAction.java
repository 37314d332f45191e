package dev.rotator.worker.api.openapi;

import dev.rotator.worker.auth.Access;

import java.util.Map;

/**
 * One operation of the KMS API (GetSecretValue, CreateSecret, ...). The dispatcher, for each request,
 * after the signature is verified:
 * <ol>
 *   <li>calls {@link #access} to learn what the call touches, e.g. {@code Access.secret(p.required("SecretName"))},
 *       {@code Access.listing()} or {@code Access.adminOnly()}. Check only what naming the target needs
 *       here; a missing parameter is already a 400 (MissingParameter);</li>
 *   <li>asks the Authorizer; a refusal is 403 Forbidden.NoPermission and {@link #handle} does not run;</li>
 *   <li>calls {@link #handle}, which checks the rest of its parameters (through {@link Params}, or
 *       SecretRules), does the work and returns the response body's fields. The dispatcher adds
 *       {@code RequestId} and writes it as JSON: nest exactly as the SDK models expect (e.g.
 *       {@code "VersionStages": Map.of("VersionStage", List.of(...))}). Use a LinkedHashMap to keep order.</li>
 * </ol>
 * Errors: throw {@link dev.rotator.core.RotatorException}; its ErrorCode gives the Alibaba code and status.
 * Any other exception is answered 500 InternalFailure with a generic message. Messages never hold values.
 *
 * <p>Register actions with {@link KmsActions#of}; the name is the wire name, case-sensitive.
 */
public interface KmsAction {
    /** The action's wire name, e.g. {@code "GetSecretValue"}. */
    String name();

    /** What the call touches, for the authorizer. Must not change anything. */
    Access access(Params params);

    /** Runs the action for an authorized caller; returns the response fields without RequestId. */
    Map<String, Object> handle(Params params, Caller caller);
}
