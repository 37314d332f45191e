package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides whether a principal may run an action on what it touches ({@link Access}).
 *
 * <p>On one secret, in this order: an admin may do everything (secret policies do not bind admins,
 * so no policy can lock the operator out); a Deny in the secret's policy refuses; the principal's own
 * reader grant (role includes the action, selectors cover the secret) allows; an Allow in the secret's
 * policy allows; anything else is refused.
 *
 * <p>A refusal is always 403 Forbidden.NoPermission with the same message, whether or not the secret
 * exists, so it tells nothing about secrets the caller may not see. A missing secret has no tags and no
 * policy, so only a name or prefix grant lets the action run (and answer that the secret is not found).
 */
public final class Authorizer {
    public static final String DENIED = "You are not authorized to perform the operation.";
    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    /** Stands in for a stored policy that does not parse. */
    private static final SecretPolicyDocument DENY_ALL = SecretPolicyDocument.parse(
            "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"RAM\":[\"*\"]},"
                    + "\"Action\":[\"kms:*\"],\"Resource\":[\"*\"]}]}");

    private final Function<String, Optional<Secret>> secrets;
    private final Function<String, Optional<String>> policyOf;

    /**
     * @param secrets  a secret by name (for tag selectors), e.g. {@code store::find}
     * @param policyOf the secret policy document stored for a secret name, if any
     */
    public Authorizer(Function<String, Optional<Secret>> secrets, Function<String, Optional<String>> policyOf) {
        this.secrets = secrets;
        this.policyOf = policyOf;
    }

    /** Throws Forbidden.NoPermission unless the principal may run {@code action} on {@code access}. */
    public void check(Principal principal, String action, Access access) {
        if (!allowed(principal, action, access)) {
            throw new RotatorException(ErrorCode.NO_PERMISSION, DENIED);
        }
    }

    public boolean allowed(Principal principal, String action, Access access) {
        if (principal.isAdmin()) {
            return true;
        }
        if (access instanceof Access.OneSecret one) {
            return allowedOn(principal, action, one.name(), () -> secrets.apply(one.name()).map(Secret::tags).orElse(List.of()));
        }
        return access instanceof Access.Listing && principal.policy().includes(action);
    }

    /** For listings: whether the principal may read this secret (GetSecretValue or DescribeSecret on it). */
    public boolean canRead(Principal principal, Secret secret) {
        return principal.isAdmin()
                || allowedOn(principal, "GetSecretValue", secret.name(), secret::tags)
                || allowedOn(principal, "DescribeSecret", secret.name(), secret::tags);
    }

    private boolean allowedOn(Principal principal, String action, String secretName, Supplier<List<Tag>> tags) {
        SecretPolicyDocument.Decision byPolicy = secretPolicy(secretName)
                .map(doc -> doc.decide(principal, action))
                .orElse(SecretPolicyDocument.Decision.NOT_MENTIONED);
        if (byPolicy == SecretPolicyDocument.Decision.DENY) {
            return false;
        }
        if (principal.policy().includes(action) && principal.policy().covers(secretName, tags)) {
            return true;
        }
        return byPolicy == SecretPolicyDocument.Decision.ALLOW;
    }

    /** A stored policy that no longer parses grants nothing and denies everything to non-admins: fail closed. */
    private Optional<SecretPolicyDocument> secretPolicy(String secretName) {
        Optional<String> json = policyOf.apply(secretName);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SecretPolicyDocument.parse(json.get()));
        } catch (RotatorException e) {
            LOG.error("the stored policy of a secret does not parse ({}); refusing non-admin access to it", e.getMessage());
            return Optional.of(DENY_ALL);
        }
    }
}
