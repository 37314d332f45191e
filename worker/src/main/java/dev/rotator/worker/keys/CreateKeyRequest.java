package dev.rotator.worker.keys;

/**
 * CreateKey's parameters, named as in the SDK's {@code CreateKeyRequest}. Every field may be null (absent).
 *
 * @param keySpec                 default Aliyun_AES_256
 * @param keyUsage                default ENCRYPT/DECRYPT for symmetric specs, SIGN/VERIFY for asymmetric ones
 * @param description             at most 8,192 characters
 * @param origin                  Aliyun_KMS only (no key material import)
 * @param protectionLevel         SOFTWARE only (no HSM)
 * @param enableAutomaticRotation must not be true: keys are not rotated
 * @param rotationInterval        ignored, as Alibaba does, when rotation is not enabled
 * @param policy                  must be empty: access is governed by the server's AccessKey policies
 * @param tags                    must be empty
 * @param dkmsInstanceId          must be empty: this server is one instance
 */
public record CreateKeyRequest(String keySpec, String keyUsage, String description, String origin,
                               String protectionLevel, Boolean enableAutomaticRotation, String rotationInterval,
                               String policy, String tags, String dkmsInstanceId) {

    /** A request with only the spec, usage and description set. */
    public static CreateKeyRequest of(String keySpec, String keyUsage, String description) {
        return new CreateKeyRequest(keySpec, keyUsage, description, null, null, null, null, null, null, null);
    }
}
