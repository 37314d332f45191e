package dev.rotator.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command threw, as one line on stderr and a stable exit status (docs/cli.md): never a stack
 * trace, and never a secret value (API messages do not hold them; local ones are written not to).
 */
final class CliErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        var err = commandLine.getErr();
        int status;
        if (e instanceof ApiException api) {
            err.println(api.line());
            status = api.exitCode();
        } else if (e instanceof CliException cli) {
            err.println("error: " + cli.getMessage());
            status = cli.exitCode();
        } else {
            err.println("error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            status = ExitCode.OTHER;
        }
        err.flush();
        return status;
    }
}
