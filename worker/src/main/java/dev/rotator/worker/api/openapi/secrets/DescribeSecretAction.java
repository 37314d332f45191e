package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.Secret;
import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;
import static dev.rotator.worker.api.openapi.secrets.SecretWire.time;

/** DescribeSecret: the metadata, never the value; also inside the recovery window. Tags only with FetchTags=true. */
final class DescribeSecretAction extends SecretAction {
    DescribeSecretAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "DescribeSecret";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String name = names.of(p);
        boolean fetchTags = p.bool("FetchTags", false);
        Secret s = secrets.describe(name);
        Map<String, Object> body = fields("Arn", names.arn(s.name()), "SecretName", s.name(),
                "SecretType", s.type().wireName(), "Description", s.description(),
                "EncryptionKeyId", s.encryptionKeyId(), "CreateTime", time(s.createTime()),
                "UpdateTime", time(s.updateTime()), "PlannedDeleteTime", time(s.plannedDeleteTime()));
        SecretWire.putRotation(body, s.rotation());
        SecretWire.putIfSet(body, "ExtendedConfig", SecretWire.extendedConfig(s.extendedConfig()));
        if (fetchTags) {
            body.put("Tags", SecretWire.tags(s.tags()));
        }
        return body;
    }
}
