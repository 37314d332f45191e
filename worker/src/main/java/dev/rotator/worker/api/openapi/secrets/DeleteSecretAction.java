package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.DeleteResult;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.validation.SecretRules;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;
import static dev.rotator.worker.api.openapi.secrets.SecretWire.time;

/**
 * DeleteSecret: into a recovery window of RecoveryWindowInDays (7–30, default 30), or at once with
 * ForceDeleteWithoutRecovery=true. PlannedDeleteTime says when it goes.
 */
final class DeleteSecretAction extends SecretAction {
    DeleteSecretAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "DeleteSecret";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String name = names.of(p);
        boolean force = p.bool("ForceDeleteWithoutRecovery", false);
        int days = SecretRules.parseRecoveryWindow(p.optional("RecoveryWindowInDays").orElse(null));
        DeleteResult r = secrets.delete(name, force, days);
        return fields("SecretName", r.secretName(), "PlannedDeleteTime", time(r.plannedDeleteTime()));
    }
}
