package dev.rotator.worker.cli;

import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.CreateSecretResponseBody;
import com.aliyun.kms20160120.models.DeleteSecretRequest;
import com.aliyun.kms20160120.models.DeleteSecretResponseBody;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretResponseBody;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsResponseBody;
import com.aliyun.kms20160120.models.ListSecretsRequest;
import com.aliyun.kms20160120.models.ListSecretsResponseBody;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.kms20160120.models.PutSecretValueResponseBody;
import com.aliyun.kms20160120.models.RestoreSecretRequest;
import com.aliyun.kms20160120.models.UpdateSecretVersionStageRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code rotator secret ...}: the KMS secrets operations, through the official kms20160120 client. */
@Command(name = "secret", description = "Create, read, change, rotate and delete secrets.",
        subcommands = {SecretCommand.Create.class, SecretCreateBulkCommand.class, SecretCommand.Get.class, SecretCommand.Put.class,
                SecretCommand.Describe.class, SecretCommand.ListSecrets.class, SecretCommand.Versions.class,
                SecretCommand.Stage.class, SecretRotateCommand.class, SecretCommand.Delete.class,
                SecretCommand.Restore.class, SecretPolicyCommand.class})
final class SecretCommand extends CommandGroup {

    @Command(name = "create", description = "Create a secret (CreateSecret); its first version gets ACSCurrent.")
    static final class Create extends ApiCommand {
        @Option(names = "--name", required = true, description = "The secret's name.")
        String name;

        @Option(names = "--type", defaultValue = "Generic",
                description = "Generic (default), Rds, Redis, PolarDB, RAMCredentials or ECS.")
        String type;

        @Mixin
        SecretValueInput value;

        @Option(names = "--description")
        String description;

        @Option(names = "--key", paramLabel = "KEY_ID", description = "The key (EncryptionKeyId) that encrypts the "
                + "secret's values; default: the worker's.")
        String keyId;

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
        List<String> tags = new ArrayList<>();

        @Option(names = "--extended-config", paramLabel = "JSON", description = "ExtendedConfig, a JSON object "
                + "(managed types: SecretSubType, the target's id, ...).")
        String extendedConfig;

        @Option(names = "--rotation-interval", paramLabel = "INTERVAL", description = "Turn on automatic rotation "
                + "every INTERVAL (e.g. 7d, 12h; managed types only).")
        String rotationInterval;

        @Option(names = "--version-id", defaultValue = "v1", description = "The first version's id (default v1).")
        String versionId;

        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            CreateSecretRequest request = new CreateSecretRequest().setSecretName(name).setSecretType(type)
                    .setVersionId(versionId).setSecretDataType(value.dataType()).setDescription(description)
                    .setEncryptionKeyId(keyId);
            if (!tags.isEmpty()) {
                request.setTags(KeyValue.tagsJson("--tag", tags));
            }
            if (extendedConfig != null) {
                request.setExtendedConfig(Json.object("--extended-config", extendedConfig));
            }
            if (rotationInterval != null) {
                request.setEnableAutomaticRotation(true).setRotationInterval(rotationInterval);
            }
            // The value last: a mistake in any other option is reported before anyone is asked to type it.
            request.setSecretData(value.secretData(System.in, System.console()));
            CreateSecretResponseBody body = worker.kms(c -> c.createSecret(request)).getBody();
            if (printedAsJson(json.enabled, body)) {
                return ExitCode.OK;
            }
            String rotation = body.getAutomaticRotation() == null ? ""
                    : ", automatic rotation " + body.getAutomaticRotation();
            out().println("Created secret " + body.getSecretName() + " (" + body.getSecretType() + ", version "
                    + body.getVersionId() + rotation + ")");
            return ExitCode.OK;
        }
    }

    @Command(name = "get", description = "Print a secret's value (GetSecretValue): ACSCurrent unless --stage or "
            + "--version-id says otherwise. The value is written exactly, with a newline only on a terminal.")
    static final class Get extends SecretNameCommand {
        @Option(names = "--stage", paramLabel = "STAGE", description = "The version with this stage label, "
                + "e.g. ACSPrevious.")
        String stage;

        @Option(names = "--version-id", paramLabel = "ID", description = "This version (Generic secrets).")
        String versionId;

        @Option(names = "--json", description = "Print the whole response as JSON (with ExtendedConfig).")
        boolean json;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the value to FILE instead "
                + "(created owner-only; binary values as their bytes).")
        Path output;

        @Override
        int run(WorkerConnection worker) throws IOException {
            GetSecretValueRequest request = new GetSecretValueRequest().setSecretName(name).setVersionStage(stage)
                    .setVersionId(versionId);
            if (json) {
                request.setFetchExtendedConfig(true);
            }
            GetSecretValueResponseBody body = worker.kms(c -> c.getSecretValue(request)).getBody();
            if (printedAsJson(json, body)) {
                return ExitCode.OK;
            }
            if (output != null) {
                writeOwnerOnly(output, bytesOf(body));
                err().println("Wrote version " + body.getVersionId() + " of " + body.getSecretName() + " to " + output);
            } else {
                // Binary values are Base64 on the wire and stay so here: raw bytes have no place on a terminal.
                out().print(body.getSecretData());
                if (System.console() != null) {
                    out().println();
                }
            }
            return ExitCode.OK;
        }

        private static byte[] bytesOf(GetSecretValueResponseBody body) {
            String data = body.getSecretData() == null ? "" : body.getSecretData();
            return "binary".equals(body.getSecretDataType()) ? Base64.getDecoder().decode(data)
                    : data.getBytes(StandardCharsets.UTF_8);
        }

        private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // Overwritten in place: its permissions are the owner's choice.
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, bytes);
        }
    }

    @Command(name = "put", description = "Store a new version of a Generic secret (PutSecretValue); without "
            + "--stage it becomes ACSCurrent and the former current version ACSPrevious.")
    static final class Put extends SecretNameCommand {
        @Mixin
        SecretValueInput value;

        @Option(names = "--version-id", paramLabel = "ID", description = "The new version's id (default: a random UUID).")
        String versionId;

        @Option(names = "--stage", paramLabel = "STAGE", description = "A stage label for the new version; repeatable.")
        List<String> stages = new ArrayList<>();

        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            PutSecretValueRequest request = new PutSecretValueRequest().setSecretName(name)
                    .setVersionId(versionId != null ? versionId : UUID.randomUUID().toString())
                    .setSecretDataType(value.dataType());
            if (!stages.isEmpty()) {
                request.setVersionStages(Json.compact(stages));
            }
            request.setSecretData(value.secretData(System.in, System.console()));
            PutSecretValueResponseBody body = worker.kms(c -> c.putSecretValue(request)).getBody();
            if (printedAsJson(json.enabled, body)) {
                return ExitCode.OK;
            }
            List<String> labels = body.getVersionStages() == null ? List.of()
                    : body.getVersionStages().getVersionStage();
            out().println("Put version " + body.getVersionId() + " of " + body.getSecretName() + " (stages: "
                    + (labels == null || labels.isEmpty() ? "none" : String.join(", ", labels)) + ")");
            return ExitCode.OK;
        }
    }

    @Command(name = "describe", description = "Show a secret's metadata and tags, never its value (DescribeSecret).")
    static final class Describe extends SecretNameCommand {
        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            DescribeSecretRequest request = new DescribeSecretRequest().setSecretName(name).setFetchTags("true");
            DescribeSecretResponseBody b = worker.kms(c -> c.describeSecret(request)).getBody();
            if (printedAsJson(json.enabled, b)) {
                return ExitCode.OK;
            }
            Fields f = new Fields();
            f.add("SecretName", b.getSecretName()).add("Arn", b.getArn()).add("SecretType", b.getSecretType())
                    .add("Description", b.getDescription()).add("EncryptionKeyId", b.getEncryptionKeyId())
                    .add("CreateTime", b.getCreateTime()).add("UpdateTime", b.getUpdateTime())
                    .add("AutomaticRotation", b.getAutomaticRotation()).add("RotationInterval", b.getRotationInterval())
                    .add("LastRotationDate", b.getLastRotationDate()).add("NextRotationDate", b.getNextRotationDate())
                    .add("PlannedDeleteTime", b.getPlannedDeleteTime()).add("ExtendedConfig", b.getExtendedConfig());
            if (b.getTags() != null && b.getTags().getTag() != null && !b.getTags().getTag().isEmpty()) {
                f.add("Tags", b.getTags().getTag().stream().map(t -> t.getTagKey() + "=" + t.getTagValue())
                        .collect(Collectors.joining(", ")));
            }
            f.print(out());
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "List secrets, a page at a time (ListSecrets).")
    static final class ListSecrets extends ApiCommand {
        @Option(names = "--page", paramLabel = "N", description = "Page number, from 1 (default 1).")
        Integer page;

        @Option(names = "--page-size", paramLabel = "N", description = "Secrets per page, 1 to 100 (default 10).")
        Integer pageSize;

        @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Only secrets matching; repeatable. Keys: "
                + "SecretName, Description, TagKey, TagValue, SecretType, ... Values of one key are ORed, keys ANDed.")
        List<String> filters = new ArrayList<>();

        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            ListSecretsRequest request = new ListSecretsRequest().setPageNumber(page).setPageSize(pageSize)
                    .setFetchTags("true");
            if (!filters.isEmpty()) {
                request.setFilters(KeyValue.filtersJson("--filter", filters));
            }
            ListSecretsResponseBody body = worker.kms(c -> c.listSecrets(request)).getBody();
            if (printedAsJson(json.enabled, body)) {
                return ExitCode.OK;
            }
            Table table = new Table("NAME", "TYPE", "CREATED", "UPDATED", "PLANNED-DELETE", "TAGS");
            if (body.getSecretList() != null && body.getSecretList().getSecret() != null) {
                for (var s : body.getSecretList().getSecret()) {
                    String tags = s.getTags() == null || s.getTags().getTag() == null ? null : s.getTags().getTag().stream()
                            .map(t -> t.getTagKey() + "=" + t.getTagValue()).collect(Collectors.joining(","));
                    table.row(s.getSecretName(), s.getSecretType(), s.getCreateTime(), s.getUpdateTime(),
                            s.getPlannedDeleteTime(), tags);
                }
            }
            table.print(out());
            Paging.footer(out(), body.getPageNumber(), body.getPageSize(), body.getTotalCount(), "secret");
            return ExitCode.OK;
        }
    }

    @Command(name = "versions", description = "List a secret's versions and their stages (ListSecretVersionIds).")
    static final class Versions extends SecretNameCommand {
        private static final int PAGE_SIZE = 100;

        @Option(names = "--include-deprecated", description = "Also versions without any stage label.")
        boolean includeDeprecated;

        @Option(names = "--json", description = "Print the responses' versions as JSON.")
        boolean json;

        @Override
        int run(WorkerConnection worker) {
            List<ListSecretVersionIdsResponseBody.ListSecretVersionIdsResponseBodyVersionIdsVersionId> versions =
                    new ArrayList<>();
            // All pages: a secret keeps few versions, and a partial list would mislead.
            for (int page = 1; ; page++) {
                ListSecretVersionIdsRequest request = new ListSecretVersionIdsRequest().setSecretName(name)
                        .setIncludeDeprecated(Boolean.toString(includeDeprecated)).setPageNumber(page)
                        .setPageSize(PAGE_SIZE);
                ListSecretVersionIdsResponseBody body = worker.kms(c -> c.listSecretVersionIds(request)).getBody();
                var got = body.getVersionIds() == null || body.getVersionIds().getVersionId() == null
                        ? List.<ListSecretVersionIdsResponseBody.ListSecretVersionIdsResponseBodyVersionIdsVersionId>of()
                        : body.getVersionIds().getVersionId();
                versions.addAll(got);
                int total = body.getTotalCount() == null ? versions.size() : body.getTotalCount();
                if (got.isEmpty() || versions.size() >= total) {
                    break;
                }
            }
            if (printedAsJson(json, versions.stream().map(v -> v.toMap()).toList())) {
                return ExitCode.OK;
            }
            Table table = new Table("VERSION", "CREATED", "STAGES");
            for (var v : versions) {
                List<String> stages = v.getVersionStages() == null ? null : v.getVersionStages().getVersionStage();
                table.row(v.getVersionId(), v.getCreateTime(), stages == null ? null : String.join(",", stages));
            }
            table.print(out());
            return ExitCode.OK;
        }
    }

    @Command(name = "stage", description = "Move a stage label to a version, or remove it from one "
            + "(UpdateSecretVersionStage). ACSCurrent and ACSPrevious can only be moved.")
    static final class Stage extends SecretNameCommand {
        @Option(names = "--stage", required = true, paramLabel = "STAGE", description = "The stage label.")
        String stage;

        @Option(names = "--move-to", paramLabel = "VERSION_ID", description = "The version that gets the label.")
        String moveTo;

        @Option(names = "--remove-from", paramLabel = "VERSION_ID", description = "The version that has it now.")
        String removeFrom;

        @Override
        int run(WorkerConnection worker) {
            if (moveTo == null && removeFrom == null) {
                throw usage("give --move-to VERSION_ID, --remove-from VERSION_ID, or both");
            }
            UpdateSecretVersionStageRequest request = new UpdateSecretVersionStageRequest().setSecretName(name)
                    .setVersionStage(stage).setMoveToVersion(moveTo).setRemoveFromVersion(removeFrom);
            worker.kms(c -> c.updateSecretVersionStage(request));
            if (moveTo != null) {
                out().println("Moved " + stage + " of " + name + " to version " + moveTo
                        + (removeFrom != null ? " (from " + removeFrom + ")" : ""));
            } else {
                out().println("Removed " + stage + " of " + name + " from version " + removeFrom);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", description = "Delete a secret (DeleteSecret): after a recovery window of 7 to 30 "
            + "days (default 30), during which `secret restore` undoes it, or at once with --force.")
    static final class Delete extends SecretNameCommand {
        @Option(names = "--recovery-window-days", paramLabel = "DAYS", description = "Days until it is deleted "
                + "for good, 7 to 30 (default 30).")
        Integer recoveryWindowDays;

        @Option(names = "--force", description = "Delete now, with no recovery (ForceDeleteWithoutRecovery).")
        boolean force;

        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            if (force && recoveryWindowDays != null) {
                throw usage("--force deletes at once: it takes no --recovery-window-days");
            }
            DeleteSecretRequest request = new DeleteSecretRequest().setSecretName(name);
            if (force) {
                request.setForceDeleteWithoutRecovery("true");
            } else if (recoveryWindowDays != null) {
                request.setRecoveryWindowInDays(recoveryWindowDays.toString());
            }
            DeleteSecretResponseBody body = worker.kms(c -> c.deleteSecret(request)).getBody();
            if (printedAsJson(json.enabled, body)) {
                return ExitCode.OK;
            }
            if (force) {
                out().println("Deleted secret " + name + " (no recovery)");
            } else {
                out().println("Secret " + name + " will be deleted at " + orDash(body.getPlannedDeleteTime())
                        + "; until then `rotator secret restore " + name + "` undoes it");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "restore", description = "Cancel the deletion of a secret inside its recovery window (RestoreSecret).")
    static final class Restore extends SecretNameCommand {
        @Override
        int run(WorkerConnection worker) {
            worker.kms(c -> c.restoreSecret(new RestoreSecretRequest().setSecretName(name)));
            out().println("Restored secret " + name + ": it is no longer scheduled for deletion");
            return ExitCode.OK;
        }
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Name: value lines, aligned, skipping empty values. */
    static final class Fields {
        private final List<String[]> lines = new ArrayList<>();

        Fields add(String name, String value) {
            if (value != null && !value.isEmpty()) {
                lines.add(new String[] {name, value});
            }
            return this;
        }

        void print(PrintWriter out) {
            int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
            for (String[] l : lines) {
                out.println(l[0] + ":" + " ".repeat(width - l[0].length() + 2) + l[1]);
            }
        }
    }
}
