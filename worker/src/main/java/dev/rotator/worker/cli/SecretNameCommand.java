package dev.rotator.worker.cli;

import picocli.CommandLine.Parameters;

/** A command about one secret, named by its one positional parameter. */
abstract class SecretNameCommand extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "The secret's name.")
    String name;
}
