package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.Secret;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.core.validation.SecretRules;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.KmsAction;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.auth.Access;
import dev.rotator.worker.auth.SecretPolicyDocument;

import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;

/**
 * CreateSecret, for admins. SecretName, VersionId and SecretData are required (a RAMCredentials secret takes
 * the literal {@code $Auto} as its name). A Policy given here is checked in full before anything is stored and
 * becomes the secret's policy. DKMSInstanceId is accepted and ignored: this worker is the only instance.
 */
final class CreateSecretAction implements KmsAction {
    private final SecretService secrets;
    private final SecretNames names;

    CreateSecretAction(SecretService secrets, SecretNames names) {
        this.secrets = secrets;
        this.names = names;
    }

    @Override
    public String name() {
        return "CreateSecret";
    }

    @Override
    public Access access(Params params) {
        return Access.adminOnly();
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String policy = p.optional("Policy").filter(s -> !s.isEmpty()).orElse(null);
        if (policy != null) {
            SecretRules.checkSecretPolicy(policy);
            SecretPolicyDocument.parse(policy);
        }
        String versionId = p.required("VersionId");
        NewSecretRequest request = new NewSecretRequest(p.required("SecretName"), versionId,
                SecretDataCodec.read(p), p.optional("SecretDataType").orElse(null),
                p.optional("SecretType").orElse(null), p.optional("ExtendedConfig").orElse(null),
                p.optional("Tags").orElse(null), p.bool("EnableAutomaticRotation", false),
                p.optional("RotationInterval").orElse(null), p.optional("EncryptionKeyId").orElse(null),
                p.optional("Description").orElse(null));
        Secret secret = secrets.create(request);
        if (policy != null) {
            secrets.setPolicy(secret.name(), SecretRules.DEFAULT_POLICY_NAME, policy);
        }
        Map<String, Object> body = fields("Arn", names.arn(secret.name()), "SecretName", secret.name(),
                "VersionId", versionId, "SecretType", secret.type().wireName());
        SecretWire.putRotation(body, secret.rotation());
        SecretWire.putIfSet(body, "ExtendedConfig", SecretWire.extendedConfig(secret.extendedConfig()));
        return body;
    }
}
