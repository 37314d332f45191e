package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.RotateResult;
import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/**
 * RotateSecret: rotate-now for managed types. Answers once the rotation is queued, before it runs; VersionId
 * (required) names the new version and makes a repeat harmless; another rotation in progress is
 * Rejected.SecretRotating.
 */
final class RotateSecretAction extends SecretAction {
    RotateSecretAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "RotateSecret";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        RotateResult r = secrets.rotate(names.of(p), p.required("VersionId"));
        return fields("Arn", names.arn(r.secretName()), "SecretName", r.secretName(), "VersionId", r.versionId());
    }
}
