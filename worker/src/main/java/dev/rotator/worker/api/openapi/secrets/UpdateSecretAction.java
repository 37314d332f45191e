package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/** UpdateSecret: Description (an empty one clears it) and ExtendedConfig.CustomData in any form {@link CustomDataParam} reads. */
final class UpdateSecretAction extends SecretAction {
    UpdateSecretAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "UpdateSecret";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String name = names.of(p);
        String customData = CustomDataParam.read(p);
        return fields("SecretName", secrets.update(name, p.optional("Description").orElse(null), customData).name());
    }
}
