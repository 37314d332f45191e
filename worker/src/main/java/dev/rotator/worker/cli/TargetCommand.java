package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** {@code rotator target list}: the targets declared in the worker's configuration, through /admin/v1/targets. */
@Command(name = "target", description = "The systems whose credentials the worker rotates.",
        subcommands = TargetCommand.ListTargets.class)
final class TargetCommand extends CommandGroup {

    @Command(name = "list", description = "List the targets declared in the worker's configuration (no credentials).")
    static final class ListTargets extends ApiCommand {
        @Option(names = "--json", description = "Print the whole response as JSON, with every field of each target.")
        boolean json;

        @Override
        int run(WorkerConnection worker) {
            JsonNode body = worker.admin().get("/targets");
            if (printedAsJson(json, body)) {
                return ExitCode.OK;
            }
            Table table = new Table("ID", "KIND", "SETTINGS");
            for (JsonNode t : body.path("Targets")) {
                table.row(t.path("Id").asText(), t.path("Kind").asText(), settings(t.path("Settings")));
            }
            table.print(out());
            return ExitCode.OK;
        }

        /** {@code adminSecret=db/admin engine=mysql host=db1 port=3306}: lists joined by ',', long texts as a count. */
        static String settings(JsonNode settings) {
            StringJoiner out = new StringJoiner(" ");
            settings.fields().forEachRemaining(f -> out.add(f.getKey() + "=" + value(f.getValue())));
            return out.toString();
        }

        private static String value(JsonNode v) {
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(value(item)));
                return String.join(",", items);
            }
            String text = v.isValueNode() ? v.asText() : v.toString();
            long lines = text.strip().lines().count();
            return lines > 1 ? "(" + lines + " lines)" : text; // known_hosts lines would break the table
        }
    }
}
