package dev.rotator.worker.keys;

import java.util.Map;

/**
 * {@code KeyMetadata} of CreateKey and DescribeKey: every field of the SDK's
 * {@code DescribeKeyResponseBodyKeyMetadata} (CreateKey's is the same without the two DeletionProtection
 * fields), in its order. Null means the field is absent from the response. Times are
 * {@code yyyy-MM-ddTHH:mm:ssZ}.
 */
public record KeyMetadata(
        String arn,
        String automaticRotation,
        String creationDate,
        String creator,
        String dkmsInstanceId,
        String deleteDate,
        String deletionProtection,
        String deletionProtectionDescription,
        String description,
        String keyId,
        String keySpec,
        String keyState,
        String keyUsage,
        String lastRotationDate,
        String materialExpireTime,
        String nextRotationDate,
        String origin,
        String primaryKeyVersion,
        String protectionLevel,
        String rotationInterval) {

    /** The {@code KeyMetadata} object with the SDK's wire names; the API puts it under "KeyMetadata". */
    public Map<String, Object> toWire() {
        return Wire.of("Arn", arn, "AutomaticRotation", automaticRotation, "CreationDate", creationDate,
                "Creator", creator, "DKMSInstanceId", dkmsInstanceId, "DeleteDate", deleteDate,
                "DeletionProtection", deletionProtection, "DeletionProtectionDescription", deletionProtectionDescription,
                "Description", description, "KeyId", keyId, "KeySpec", keySpec, "KeyState", keyState,
                "KeyUsage", keyUsage, "LastRotationDate", lastRotationDate, "MaterialExpireTime", materialExpireTime,
                "NextRotationDate", nextRotationDate, "Origin", origin, "PrimaryKeyVersion", primaryKeyVersion,
                "ProtectionLevel", protectionLevel, "RotationInterval", rotationInterval);
    }
}
