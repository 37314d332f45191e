package dev.rotator.ecs;

/**
 * What a remote command returned. {@code stdout} may carry what the login shell prints first (a {@code .bashrc}
 * echo); commands that report something mark it (see {@link HostCommands}).
 */
record CommandResult(int exitStatus, String stdout, String stderr) {

    boolean ok() {
        return exitStatus == 0;
    }

    /** The last non-empty line of stderr, shortened: enough to explain a failure, no wall of text in an error. */
    String lastErrorLine() {
        String[] lines = stderr.strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return last.length() > 200 ? last.substring(0, 200) + "..." : last;
    }
}
