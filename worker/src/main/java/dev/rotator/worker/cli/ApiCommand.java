package dev.rotator.worker.cli;

import com.aliyun.tea.TeaModel;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that calls a worker: the connection options, the output streams, and one method to write. */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        int status = run(connection.open());
        out().flush();
        return status;
    }

    /** Does the command's work and returns its exit status; failures are thrown (see {@link CliErrors}). */
    abstract int run(WorkerConnection worker) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Prints the response as JSON when the command's {@code --json} is set (an SDK body with its wire names,
     * anything else as it is); returns whether it did, and then the command prints nothing more.
     */
    boolean printedAsJson(boolean json, Object response) {
        if (json) {
            out().println(response instanceof TeaModel body ? Json.of(body) : Json.write(response));
        }
        return json;
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
