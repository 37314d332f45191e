package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.PutValueResult;
import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/** PutSecretValue (Generic secrets): a new version; VersionStages is the wire JSON array, default ACSCurrent. */
final class PutSecretValueAction extends SecretAction {
    PutSecretValueAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "PutSecretValue";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        PutValueResult r = secrets.putValue(names.of(p), p.required("VersionId"), SecretDataCodec.read(p),
                p.optional("SecretDataType").orElse(null), p.optional("VersionStages").orElse(null));
        return fields("SecretName", r.secretName(), "VersionId", r.versionId(),
                "VersionStages", SecretWire.versionStages(r.versionStages()));
    }
}
