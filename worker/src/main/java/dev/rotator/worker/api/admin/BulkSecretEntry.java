package dev.rotator.worker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.core.SecretType;
import dev.rotator.core.spi.TargetKind;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.core.validation.SecretRules;

import java.util.Iterator;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * One secret of a Create Bulk Secrets body, read into CreateSecret's parameters: {@code SecretName} and
 * {@code ExtendedConfig} (an object) as CreateSecret takes them, and optionally {@code VersionId}, {@code Description},
 * {@code Tags} ([{TagKey,TagValue}]), {@code EnableAutomaticRotation}, {@code RotationInterval},
 * {@code EncryptionKeyId}. The target is the path's: ExtendedConfig's target key may be left out (it is filled in)
 * or must name it; for a Redis pair, {@code SecretSubType} and {@code CloneAccountName} may be left out too. SecretData
 * is always {@code $Auto}: the rotator makes the accounts. Only the shape is checked here; the rules are
 * CreateSecret's, run by the service. Errors name the field as {@code Secrets[i].Field}.
 */
final class BulkSecretEntry {
    static final Set<String> FIELDS = Set.of("SecretName", "ExtendedConfig", "VersionId", "Description", "Tags",
            "EnableAutomaticRotation", "RotationInterval", "EncryptionKeyId");

    private BulkSecretEntry() {
    }

    static NewSecretRequest read(int i, JsonNode entry, String targetId, TargetKind kind) {
        String at = "Secrets[" + i + "]";
        if (!entry.isObject()) {
            throw invalid(at, "must be a JSON object with SecretName and ExtendedConfig");
        }
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid(JsonBody.quotable(name) ? at + "." + name : at, "unknown field (fields: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        return new NewSecretRequest(text(at, entry, "SecretName"), text(at, entry, "VersionId"),
                NewSecretRequest.utf8(SecretRules.AUTO), null, kind.secretType().wireName(),
                extendedConfig(at, entry, targetId, kind), tags(at, entry), enabled(at, entry),
                text(at, entry, "RotationInterval"), text(at, entry, "EncryptionKeyId"),
                text(at, entry, "Description"));
    }

    /** The entry's ExtendedConfig with the path's target filled in (and a Redis pair's fixed keys), as JSON text. */
    private static String extendedConfig(String at, JsonNode entry, String targetId, TargetKind kind) {
        JsonNode given = entry.get("ExtendedConfig");
        if (given == null || given.isNull()) {
            throw invalid(at + ".ExtendedConfig", "is required: a JSON object such as "
                    + "{\"AccountName\":\"app\",\"AccountPrivilege\":\"RoleReadWrite\"}");
        }
        if (!given.isObject()) {
            throw invalid(at + ".ExtendedConfig", "must be a JSON object");
        }
        ObjectNode config = ((ObjectNode) given).deepCopy();
        JsonNode target = config.get(kind.field());
        if (target == null || target.isNull()) {
            config.put(kind.field(), targetId);
        } else if (!target.isTextual() || !target.asText().equals(targetId)) {
            throw invalid(at + ".ExtendedConfig." + kind.field(), "must be the target in the path, '" + targetId
                    + "', or be left out");
        }
        if (kind.secretType() == SecretType.REDIS) {
            if (!config.has("SecretSubType")) {
                config.put("SecretSubType", "DoubleUsers");
            }
            JsonNode account = config.get("AccountName");
            if (!config.has("CloneAccountName") && account != null && account.isTextual()) {
                config.put("CloneAccountName", account.asText() + SecretRules.CLONE_SUFFIX);
            }
        }
        return config.toString();
    }

    private static String text(String at, JsonNode entry, String field) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(at + "." + field, "must be a string");
        }
        return node.asText();
    }

    private static String tags(String at, JsonNode entry) {
        JsonNode node = entry.get("Tags");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid(at + ".Tags", "must be a JSON array of {TagKey,TagValue}");
        }
        return node.toString();
    }

    private static boolean enabled(String at, JsonNode entry) {
        JsonNode node = entry.get("EnableAutomaticRotation");
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid(at + ".EnableAutomaticRotation", "must be true or false");
        }
        return node.asBoolean();
    }
}
