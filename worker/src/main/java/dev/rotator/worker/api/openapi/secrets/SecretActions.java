package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.service.SecretService;
import dev.rotator.worker.api.openapi.KmsAction;
import dev.rotator.worker.auth.SecretPolicyDocument;
import dev.rotator.worker.config.WorkerConfig;

import java.util.List;

/** The KMS secret actions, ready to register with {@code KmsActions.of}. */
public final class SecretActions {
    private SecretActions() {
    }

    /**
     * Every secret action on {@code secrets}; SetSecretPolicy and CreateSecret's Policy get the full check of
     * policy documents. {@code kms} shapes the ARNs.
     */
    public static List<KmsAction> all(SecretService secrets, WorkerConfig.Kms kms) {
        SecretService checked = secrets.withPolicyCheck(SecretPolicyDocument::parse);
        SecretNames names = new SecretNames(kms);
        return List.of(
                new CreateSecretAction(checked, names),
                new GetSecretValueAction(checked, names),
                new PutSecretValueAction(checked, names),
                new DescribeSecretAction(checked, names),
                new ListSecretsAction(checked),
                new ListSecretVersionIdsAction(checked, names),
                new UpdateSecretAction(checked, names),
                new UpdateSecretRotationPolicyAction(checked, names),
                new UpdateSecretVersionStageAction(checked, names),
                new RotateSecretAction(checked, names),
                new DeleteSecretAction(checked, names),
                new RestoreSecretAction(checked, names),
                new GetSecretPolicyAction(checked, names),
                new SetSecretPolicyAction(checked, names),
                new GetRandomPasswordAction(checked));
    }
}
