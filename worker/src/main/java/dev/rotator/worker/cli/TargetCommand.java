package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
            Table table = new Table("ID", "TYPE", "HOST", "PORT");
            for (JsonNode t : body.path("Targets")) {
                table.row(t.path("Id").asText(), t.path("Type").asText(), t.path("Host").asText(), t.path("Port").asText());
            }
            table.print(out());
            return ExitCode.OK;
        }
    }
}
