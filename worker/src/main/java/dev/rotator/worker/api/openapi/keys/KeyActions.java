package dev.rotator.worker.api.openapi.keys;

import dev.rotator.core.RotatorException;
import dev.rotator.worker.api.openapi.KmsAction;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.keys.CreateKeyRequest;
import dev.rotator.worker.keys.KeyService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KMS key actions (CreateKey, DescribeKey, ListKeys, GenerateDataKey, Encrypt, Decrypt), admin only: each
 * reads its parameters as the kms20160120 SDK sends them and hands them to {@link KeyService}, which checks
 * their values and answers with the SDK's field names (docs/kms-key-operations.md). Parameters the SDK types
 * (Integer, Boolean) are parsed here, so a wrong type names the field; the rest are checked by the service.
 */
public final class KeyActions {
    private KeyActions() {
    }

    /** The six key actions, to register with {@code KmsActions.of}. */
    public static List<KmsAction> all(KeyService keys) {
        return List.of(
                new AdminOnlyAction("CreateKey", (p, caller) -> keyMetadata(
                        keys.createKey(createKeyRequest(p), caller.principal().accessKeyId()).toWire())),
                new AdminOnlyAction("DescribeKey", (p, caller) -> keyMetadata(
                        keys.describeKey(p.required("KeyId")).toWire())),
                new AdminOnlyAction("ListKeys", (p, caller) -> keys.listKeys(
                        p.integer("PageNumber", 1, Integer.MAX_VALUE, 1),
                        p.integer("PageSize", 1, KeyService.MAX_PAGE_SIZE, KeyService.DEFAULT_PAGE_SIZE),
                        text(p, "Filters")).toWire()),
                new AdminOnlyAction("GenerateDataKey", (p, caller) -> {
                    String keyId = p.required("KeyId");
                    noDryRun(p);
                    return keys.generateDataKey(keyId, text(p, "KeySpec"), numberOfBytes(p),
                            text(p, "EncryptionContext")).toWire();
                }),
                new AdminOnlyAction("Encrypt", (p, caller) -> {
                    String keyId = p.required("KeyId");
                    String plaintext = p.required("Plaintext");
                    noDryRun(p);
                    return keys.encrypt(keyId, plaintext, text(p, "EncryptionContext")).toWire();
                }),
                new AdminOnlyAction("Decrypt", (p, caller) -> {
                    String blob = p.required("CiphertextBlob");
                    noDryRun(p);
                    return keys.decrypt(blob, text(p, "EncryptionContext")).toWire();
                }));
    }

    private static CreateKeyRequest createKeyRequest(Params p) {
        // Only true is refused (no key rotation); absent, empty and false all mean "off".
        boolean rotation = p.bool("EnableAutomaticRotation", false);
        return new CreateKeyRequest(text(p, "KeySpec"), text(p, "KeyUsage"), text(p, "Description"),
                text(p, "Origin"), text(p, "ProtectionLevel"), rotation, text(p, "RotationInterval"),
                text(p, "Policy"), text(p, "Tags"), text(p, "DKMSInstanceId"));
    }

    /** NumberOfBytes, 1–1024, or null when absent (KeySpec then decides the length). */
    private static Integer numberOfBytes(Params p) {
        String value = p.optional("NumberOfBytes").orElse("");
        return value.isEmpty() ? null : p.integer("NumberOfBytes", 1, KeyService.MAX_DATA_KEY_BYTES, 0);
    }

    /**
     * DryRun=true asks to check permissions and parameters without doing the work; this server does not
     * implement it, and says so rather than doing the work anyway.
     */
    private static void noDryRun(Params p) {
        if (p.bool("DryRun", false)) {
            throw RotatorException.invalid("DryRun", "dry runs are not supported; leave it false");
        }
    }

    private static String text(Params p, String name) {
        return p.optional(name).orElse(null);
    }

    private static Map<String, Object> keyMetadata(Map<String, Object> metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyMetadata", metadata);
        return out;
    }
}
