package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.config.WorkerConfig;

/**
 * SecretName parameters and ARNs. Alibaba takes a secret's name or its ARN,
 * {@code acs:kms:<region>:<account>:secret/<name>}, wherever a SecretName is asked for; this worker's own
 * ARNs name its secrets, and an ARN of another region or account names none (a name never contains ':').
 */
final class SecretNames {
    private final String prefix;

    SecretNames(WorkerConfig.Kms kms) {
        this.prefix = kms.arnPrefix() + "secret/";
    }

    String arn(String name) {
        return prefix + name;
    }

    /** The SecretName parameter as a secret name: required; our ARN is reduced to the name it holds. */
    String of(Params params) {
        String given = params.required("SecretName");
        if (!given.startsWith("acs:")) {
            return given;
        }
        if (given.startsWith(prefix) && given.length() > prefix.length()) {
            return given.substring(prefix.length());
        }
        throw new RotatorException(ErrorCode.RESOURCE_NOT_FOUND, "SecretName: the ARN names no secret here (this "
                + "worker's ARNs are " + prefix + "<name>)");
    }
}
