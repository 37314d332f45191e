package dev.rotator.worker.api.openapi;

import dev.rotator.core.Secret;
import dev.rotator.worker.auth.Authorizer;
import dev.rotator.worker.auth.Principal;

/**
 * The authenticated, authorized caller of an action: who it is, and what it may see in a listing
 * (ListSecrets shows a secret only if {@link #canRead} is true).
 */
public final class Caller {
    private final Principal principal;
    private final Authorizer authorizer;

    public Caller(Principal principal, Authorizer authorizer) {
        this.principal = principal;
        this.authorizer = authorizer;
    }

    public Principal principal() {
        return principal;
    }

    /** May this caller read the secret (GetSecretValue or DescribeSecret on it)? */
    public boolean canRead(Secret secret) {
        return authorizer.canRead(principal, secret);
    }
}
