package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

/**
 * SetSecretPolicy: Policy (required) is checked in full by the service's policy check (the worker plugs in
 * {@link dev.rotator.worker.auth.SecretPolicyDocument#parse}) before it is stored; it binds everyone but admins
 * from the next request on.
 */
final class SetSecretPolicyAction extends SecretAction {
    SetSecretPolicyAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "SetSecretPolicy";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        secrets.setPolicy(names.of(p), p.optional("PolicyName").orElse(null), p.required("Policy"));
        return Map.of();
    }
}
