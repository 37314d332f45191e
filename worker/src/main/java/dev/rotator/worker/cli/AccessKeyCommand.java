package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rotator access-key ...}: the principals that may call the API, through /admin/v1/access-keys. */
@Command(name = "access-key", description = "Create, list and disable the AccessKeys that may call the worker.",
        subcommands = {AccessKeyCommand.Create.class, AccessKeyCommand.ListKeys.class, AccessKeyCommand.Disable.class})
final class AccessKeyCommand extends CommandGroup {

    @Command(name = "create", description = "Create an AccessKey. Its secret is printed this once: store it now.")
    static final class Create extends ApiCommand {
        @Option(names = "--name", required = true, description = "What the key is for (shown by `access-key list`).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin (everything) or reader "
                + "(GetSecretValue, DescribeSecret, ListSecrets on what --secret, --prefix and --tag grant).")
        String role;

        @Option(names = "--secret", paramLabel = "NAME", description = "reader: may read this secret; repeatable.")
        List<String> secrets = new ArrayList<>();

        @Option(names = "--prefix", paramLabel = "PREFIX", description = "reader: may read secrets whose name "
                + "starts with PREFIX; repeatable.")
        List<String> prefixes = new ArrayList<>();

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "reader: may read secrets with this tag; repeatable.")
        List<String> tags = new ArrayList<>();

        @Option(names = "--json", description = "Print {\"AccessKeyId\",\"AccessKeySecret\"} only: the form --key-file reads.")
        boolean json;

        @Override
        int run(WorkerConnection worker) {
            JsonNode created = worker.admin().post("/access-keys", Map.of("Name", name, "Policy", policy()));
            String id = created.path("AccessKeyId").asText();
            String secret = created.path("AccessKeySecret").asText();
            if (json) {
                Map<String, String> keyFile = new LinkedHashMap<>();
                keyFile.put("AccessKeyId", id);
                keyFile.put("AccessKeySecret", secret);
                out().println(Json.write(keyFile));
            } else {
                out().println("AccessKeyId:     " + id);
                out().println("AccessKeySecret: " + secret);
                out().println("Name:            " + created.path("Name").asText(name));
            }
            // On stderr, so that standard output stays the key alone when redirected to a file.
            err().println("The AccessKeySecret is shown this once and cannot be read again: store it now.");
            return ExitCode.OK;
        }

        Map<String, Object> policy() {
            Map<String, Object> policy = new LinkedHashMap<>();
            if ("admin".equals(role)) {
                if (!secrets.isEmpty() || !prefixes.isEmpty() || !tags.isEmpty()) {
                    throw usage("--secret, --prefix and --tag are for --role reader: an admin may do everything");
                }
                policy.put("Role", "admin");
                return policy;
            }
            if (!"reader".equals(role)) {
                throw usage("--role must be admin or reader, got '" + role + "'");
            }
            tags.forEach(t -> KeyValue.parse("--tag", t));
            policy.put("Role", "reader");
            policy.put("Secrets", secrets);
            policy.put("Prefixes", prefixes);
            policy.put("Tags", tags);
            return policy;
        }
    }

    @Command(name = "list", description = "List the AccessKeys (never their secrets).")
    static final class ListKeys extends ApiCommand {
        @Mixin
        JsonOption json;

        @Override
        int run(WorkerConnection worker) {
            JsonNode body = worker.admin().get("/access-keys");
            if (printedAsJson(json.enabled, body)) {
                return ExitCode.OK;
            }
            Table table = new Table("ACCESS-KEY-ID", "NAME", "STATE", "CREATED", "POLICY");
            for (JsonNode key : body.path("AccessKeys")) {
                table.row(key.path("AccessKeyId").asText(), key.path("Name").asText(), key.path("State").asText(),
                        key.path("CreateTime").asText(), policy(key.path("Policy")));
            }
            table.print(out());
            return ExitCode.OK;
        }

        /** admin, or reader and what it may read: {@code reader secrets=a,b prefixes=app/ tags=env=prod}. */
        static String policy(JsonNode policy) {
            StringBuilder s = new StringBuilder(policy.path("Role").asText("?"));
            for (String grant : List.of("Secrets", "Prefixes", "Tags")) {
                List<String> values = new ArrayList<>();
                policy.path(grant).forEach(v -> values.add(v.asText()));
                if (!values.isEmpty()) {
                    s.append(' ').append(grant.toLowerCase()).append('=').append(String.join(",", values));
                }
            }
            return s.toString();
        }
    }

    @Command(name = "disable", description = "Disable an AccessKey: its requests are refused from now on.")
    static final class Disable extends ApiCommand {
        @Parameters(paramLabel = "ACCESS_KEY_ID", description = "The key to disable.")
        String accessKeyId;

        @Override
        int run(WorkerConnection worker) {
            JsonNode body = worker.admin().post("/access-keys/" + AdminClient.pathOf(accessKeyId) + "/disable", null);
            out().println("AccessKey " + body.path("AccessKeyId").asText(accessKeyId) + " is "
                    + body.path("State").asText("Disabled"));
            return ExitCode.OK;
        }
    }
}
