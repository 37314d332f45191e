package dev.rotator.ecs;

/** POSIX shell quoting, for the non-secret words of a command line (user names, scripts). */
final class Shell {
    private Shell() {
    }

    /** {@code 'text'}, with each {@code '} written as {@code '\''}: the shell reads the text back unchanged. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
