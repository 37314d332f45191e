package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/** GetSecretPolicy: the secret's policy document (PolicyName only "default"), or an empty one if none was set. */
final class GetSecretPolicyAction extends SecretAction {
    GetSecretPolicyAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "GetSecretPolicy";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        return fields("Policy", secrets.getPolicy(names.of(p), p.optional("PolicyName").orElse(null)));
    }
}
