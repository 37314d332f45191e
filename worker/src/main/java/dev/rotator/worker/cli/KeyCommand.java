package dev.rotator.worker.cli;

import com.aliyun.kms20160120.models.CreateKeyRequest;
import com.aliyun.kms20160120.models.CreateKeyResponseBody;
import com.aliyun.kms20160120.models.ListKeysRequest;
import com.aliyun.kms20160120.models.ListKeysResponseBody;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rotator key ...}: the keys that encrypt secret values (CreateKey, ListKeys), through the official client. */
@Command(name = "key", description = "Create and list the keys that encrypt secret values.",
        subcommands = {KeyCommand.Create.class, KeyCommand.ListKeys.class})
final class KeyCommand extends CommandGroup {

    @Command(name = "create", description = "Create a key (CreateKey); give its id to `secret create --key`.")
    static final class Create extends ApiCommand {
        @Option(names = "--spec", paramLabel = "KEY_SPEC", description = "KeySpec, e.g. Aliyun_AES_256 (the default "
                + "when absent), Aliyun_SM4, RSA_2048, EC_P256.")
        String spec;

        @Option(names = "--usage", paramLabel = "KEY_USAGE", description = "KeyUsage: ENCRYPT/DECRYPT (default) or SIGN/VERIFY.")
        String usage;

        @Option(names = "--description")
        String description;

        @Option(names = "--protection-level", paramLabel = "LEVEL", description = "SOFTWARE (default) or HSM.")
        String protectionLevel;

        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            CreateKeyRequest request = new CreateKeyRequest().setKeySpec(spec).setKeyUsage(usage)
                    .setDescription(description).setProtectionLevel(protectionLevel);
            CreateKeyResponseBody body = worker.kms(c -> c.createKey(request)).getBody();
            if (printedAsJson(json.enabled, body)) {
                return ExitCode.OK;
            }
            var key = body.getKeyMetadata();
            out().println("Created key " + key.getKeyId() + " (" + key.getKeySpec() + ", " + key.getKeyUsage() + ", "
                    + key.getKeyState() + ")");
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "List keys, a page at a time (ListKeys).")
    static final class ListKeys extends ApiCommand {
        @Option(names = "--page", paramLabel = "N", description = "Page number, from 1 (default 1).")
        Integer page;

        @Option(names = "--page-size", paramLabel = "N", description = "Keys per page, 1 to 100 (default 10).")
        Integer pageSize;

        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            ListKeysRequest request = new ListKeysRequest().setPageNumber(page).setPageSize(pageSize);
            ListKeysResponseBody body = worker.kms(c -> c.listKeys(request)).getBody();
            if (printedAsJson(json.enabled, body)) {
                return ExitCode.OK;
            }
            Table table = new Table("KEY-ID", "ARN");
            if (body.getKeys() != null && body.getKeys().getKey() != null) {
                body.getKeys().getKey().forEach(k -> table.row(k.getKeyId(), k.getKeyArn()));
            }
            table.print(out());
            Paging.footer(out(), body.getPageNumber(), body.getPageSize(), body.getTotalCount(), "key");
            return ExitCode.OK;
        }
    }
}
