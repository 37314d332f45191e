package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.KmsAction;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.auth.Access;

/**
 * An action on the one secret its SecretName (or ARN) names. The authorizer lets admins through, and
 * others only as their own grant or the secret's policy allow the action on that secret.
 */
abstract class SecretAction implements KmsAction {
    final SecretService secrets;
    final SecretNames names;

    SecretAction(SecretService secrets, SecretNames names) {
        this.secrets = secrets;
        this.names = names;
    }

    @Override
    public Access access(Params params) {
        return Access.secret(names.of(params));
    }
}
