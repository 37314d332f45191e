package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.core.service.SecretValueResult;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.core.RotatorException.invalid;
import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;
import static dev.rotator.worker.api.openapi.secrets.SecretWire.time;

/**
 * GetSecretValue: the version VersionId or VersionStage selects (ACSCurrent by default; managed types serve
 * ACSCurrent and ACSPrevious only). The rotation fields come only for managed types, ExtendedConfig only with
 * FetchExtendedConfig=true. DryRun=true is refused: this worker does no dry runs.
 */
final class GetSecretValueAction extends SecretAction {
    GetSecretValueAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "GetSecretValue";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String name = names.of(p);
        boolean fetchExtendedConfig = p.bool("FetchExtendedConfig", false);
        if (p.bool("DryRun", false)) {
            throw invalid("DryRun", "dry runs are not supported: leave DryRun out or false");
        }
        SecretValueResult r = secrets.getValue(name, p.optional("VersionId").orElse(null),
                p.optional("VersionStage").orElse(null), fetchExtendedConfig);
        Map<String, Object> body = fields("SecretName", r.secretName(), "SecretType", r.secretType().wireName(),
                "VersionId", r.versionId(), "CreateTime", time(r.createTime()),
                "SecretData", SecretDataCodec.write(r.secretData()), "SecretDataType", r.secretDataType(),
                "VersionStages", SecretWire.versionStages(r.versionStages()));
        if (r.rotation() != null) {
            SecretWire.putRotation(body, r.rotation());
        }
        SecretWire.putIfSet(body, "ExtendedConfig", SecretWire.extendedConfig(r.extendedConfig()));
        return body;
    }
}
