package dev.rotator.worker.auth;

import java.util.Objects;

/**
 * What an API call touches, as its action declares it before it runs; the {@link Authorizer} decides
 * on it together with the action name.
 *
 * <ul>
 *   <li>{@link #adminOnly()}: not about one secret (CreateSecret, keys, GetRandomPassword...): admins only.</li>
 *   <li>{@link #secret(String)}: one named secret. Allowed to admins; to a reader whose role has the
 *       action and whose selectors match the secret; to any principal the secret's policy allows.</li>
 *   <li>{@link #listing()}: a listing (ListSecrets). Allowed to admins and to principals whose role has the
 *       action; the action shows each item only if {@code Caller.canRead} says so.</li>
 * </ul>
 */
public sealed interface Access {
    static Access adminOnly() {
        return AdminOnly.INSTANCE;
    }

    static Access secret(String name) {
        return new OneSecret(name);
    }

    static Access listing() {
        return Listing.INSTANCE;
    }

    enum AdminOnly implements Access { INSTANCE }

    enum Listing implements Access { INSTANCE }

    record OneSecret(String name) implements Access {
        public OneSecret {
            Objects.requireNonNull(name, "name");
        }
    }
}
