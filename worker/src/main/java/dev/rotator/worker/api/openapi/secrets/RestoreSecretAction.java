package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/** RestoreSecret: takes a secret out of its recovery window. */
final class RestoreSecretAction extends SecretAction {
    RestoreSecretAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "RestoreSecret";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        return fields("SecretName", secrets.restore(names.of(p)).name());
    }
}
