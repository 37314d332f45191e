package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/** UpdateSecretRotationPolicy: EnableAutomaticRotation (required) and RotationInterval ({@code N[d|h|m|s]}). */
final class UpdateSecretRotationPolicyAction extends SecretAction {
    UpdateSecretRotationPolicyAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "UpdateSecretRotationPolicy";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String name = names.of(p);
        boolean enable = p.requiredBool("EnableAutomaticRotation");
        return fields("SecretName",
                secrets.updateRotationPolicy(name, enable, p.optional("RotationInterval").orElse(null)).name());
    }
}
