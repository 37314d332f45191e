package dev.rotator.worker.api.admin;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.auth.Access;
import dev.rotator.worker.auth.Authorizer;
import dev.rotator.worker.auth.Principal;

/**
 * Who may do what on /admin/v1: admins everything; a reader only reads the rotation state and events of a
 * secret it may read (GetSecretValue or DescribeSecret on it, by its own grant or the secret's policy). A refusal
 * is the KMS API's: 403 Forbidden.NoPermission, the same whether or not the secret exists.
 */
final class AdminAccess {
    private final Authorizer authorizer;

    AdminAccess(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    void requireAdmin(Principal caller, String action) {
        authorizer.check(caller, action, Access.adminOnly());
    }

    /** As {@link Authorizer#canRead}, by name, so that a missing secret is refused like one the caller cannot see. */
    void requireRead(Principal caller, String secretName) {
        Access secret = Access.secret(secretName);
        if (!authorizer.allowed(caller, "DescribeSecret", secret) && !authorizer.allowed(caller, "GetSecretValue", secret)) {
            throw new RotatorException(ErrorCode.NO_PERMISSION, Authorizer.DENIED);
        }
    }
}
