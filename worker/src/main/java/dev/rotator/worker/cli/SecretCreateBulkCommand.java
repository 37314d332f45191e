package dev.rotator.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code rotator secret create-bulk}: Create Bulk Secrets, several Redis secrets on one target in one call through
 * {@code POST /admin/v1/targets/ID/secrets}. The worker checks them all before it makes any, and leaves nothing if
 * one fails; the file holds only names and settings, no value.
 */
@Command(name = "create-bulk", description = "Create several Redis secrets on one target in one call (Create Bulk "
        + "Secrets): all are checked before any is made, and a failure leaves nothing behind.")
final class SecretCreateBulkCommand extends ApiCommand {
    @Option(names = "--target", required = true, paramLabel = "ID", description = "The redis target the secrets' "
            + "accounts are made on (InstanceId).")
    String target;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "A JSON array of secrets, each "
            + "{\"SecretName\":\"redis/app\",\"ExtendedConfig\":{\"AccountName\":\"app\",\"AccountPrivilege\":"
            + "\"RoleReadWrite\"}} and optionally Description, Tags, VersionId, EnableAutomaticRotation, "
            + "RotationInterval, EncryptionKeyId (or an object {\"Secrets\":[...]}).")
    Path file;

    @Mixin
    JsonOption json;

    @Override
    int run(WorkerConnection worker) {
        JsonNode body = body();
        JsonNode answer = worker.admin().post("/targets/" + AdminClient.pathOf(target) + "/secrets", body);
        if (printedAsJson(json.enabled, answer)) {
            return ExitCode.OK;
        }
        JsonNode made = answer.path("Secrets");
        out().println("Created " + made.size() + " secret" + (made.size() == 1 ? "" : "s") + " on target "
                + answer.path("TargetId").asText(target) + ":");
        for (JsonNode s : made) {
            JsonNode config = s.path("ExtendedConfig");
            out().println("  " + s.path("SecretName").asText() + " (" + s.path("SecretType").asText() + ", version "
                    + s.path("VersionId").asText() + ", accounts " + config.path("AccountName").asText() + " and "
                    + config.path("CloneAccountName").asText() + ", " + config.path("AccountPrivilege").asText() + ")");
        }
        return ExitCode.OK;
    }

    /** The request body: {"Secrets":[...]}, from the file's array (or the object as it is). */
    private JsonNode body() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "--file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.USAGE, "--file " + file + " is not JSON: " + e.getOriginalMessage());
        }
        if (node != null && node.isArray()) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.set("Secrets", node);
            return body;
        }
        if (node != null && node.isObject() && node.has("Secrets")) {
            return node;
        }
        throw new CliException(ExitCode.USAGE, "--file " + file + " must hold a JSON array of secrets, or an object "
                + "{\"Secrets\":[...]}");
    }
}
