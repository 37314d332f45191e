package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/** UpdateSecretVersionStage (Generic secrets): adds, removes or moves the label VersionStage. */
final class UpdateSecretVersionStageAction extends SecretAction {
    UpdateSecretVersionStageAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "UpdateSecretVersionStage";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String name = names.of(p);
        secrets.updateVersionStage(name, p.required("VersionStage"), p.optional("RemoveFromVersion").orElse(null),
                p.optional("MoveToVersion").orElse(null));
        return fields("SecretName", name);
    }
}
