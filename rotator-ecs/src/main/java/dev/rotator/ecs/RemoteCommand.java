package dev.rotator.ecs;

/**
 * A command for the host and what goes to its standard input. Only {@code stdin} may carry a secret; {@code command}
 * is what the host's process list and audit logs may show, so it never does.
 *
 * @param what how errors name the command ("chpasswd for 'alice'")
 */
record RemoteCommand(String command, String stdin, String what) {
}
