package dev.rotator.ecs;

/**
 * The credential commands of one OS family, run with administrator rights through the management login. This is
 * the seam for other families: {@link LinuxCommands} is the one implemented and tested. A Windows host (OpenSSH for
 * Windows, the Administrator password) would need its own implementation (e.g. {@code net user} or
 * {@code Set-LocalUser} fed from standard input) and its own way of gaining rights in {@link HostAdmin}; it is not
 * written, and docs/rotators/ecs.md says so.
 */
interface HostCommands {

    /** Gives {@code user} the password; idempotent. The password travels on standard input only. */
    RemoteCommand setPassword(String user, String password);

    /**
     * Adds the {@code authorized_keys} line to the user's file unless its key is there already, leaving every
     * other line as it was; makes {@code ~/.ssh} (700) and the file (600), owned by the user, when missing, and
     * puts their owner and mode right when not.
     */
    RemoteCommand addPublicKey(String user, String publicKeyLine);

    /** Removes every line of the user's {@code authorized_keys} that holds this key; the others stay as they were. */
    RemoteCommand removePublicKey(String user, String publicKeyLine);
}
