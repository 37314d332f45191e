package dev.rotator.worker.cli;

import picocli.CommandLine.Option;

/** {@code --json} as most commands take it; {@link ApiCommand#printedAsJson} prints with it. */
final class JsonOption {
    @Option(names = "--json", description = "Print the whole response as JSON.")
    boolean enabled;
}
