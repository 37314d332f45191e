package dev.rotator.worker.auth;

import java.util.Objects;

/**
 * Who is calling the API: one AccessKey, its operator-given name (unique, used in secret policies)
 * and its policy. Holds no secret.
 */
public record Principal(String accessKeyId, String name, PrincipalPolicy policy) {
    public Principal {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
    }

    public boolean isAdmin() {
        return policy.isAdmin();
    }
}
