package dev.rotator.ecs;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;

import java.util.Optional;

/**
 * The management login at work: runs {@link RemoteCommand}s as root. A login whose uid is 0 (root, or an alias of
 * it) runs them as they are; any other goes through sudo: {@code sudo -n} when sudo asks no password, else
 * {@code sudo -S -k} with the login's password as the first line of standard input ({@code -k}: always asked, so
 * the line is never left over for the command). The uid is read from a marked line, so a login shell that prints
 * something first (a {@code .bashrc} echo) does not confuse it.
 */
final class HostAdmin implements AutoCloseable {
    private static final String UID_MARK = "rotator-uid:";

    private final SshSession session;
    private final EcsLogin login;
    private final String targetId;
    private final String prefix;
    private final String stdinPrefix;

    private HostAdmin(SshSession session, EcsLogin login, String targetId) {
        this.session = session;
        this.login = login;
        this.targetId = targetId;
        if (uid().equals("0")) {
            prefix = "";
            stdinPrefix = "";
        } else if (session.run("sudo -n true", "").ok()) {
            prefix = "sudo -n ";
            stdinPrefix = "";
        } else if (login.password().isPresent()) {
            prefix = "sudo -S -k -p '' ";
            stdinPrefix = login.password().get() + "\n";
            // Proven alone first (standard input ends after it): a refused password must not make sudo read the
            // command's own input (the new password) as further attempts.
            CommandResult probe = session.run(prefix + "true", stdinPrefix);
            if (!probe.ok()) {
                throw failure("sudo refused the password of the management login '" + login.userName() + "' (exit "
                        + probe.exitStatus() + ": " + probe.lastErrorLine() + ")");
            }
        } else {
            throw failure("the management login '" + login.userName() + "' is not root and sudo asks it for a "
                    + "password, which a key-pair login does not have: allow it sudo without a password (NOPASSWD), "
                    + "or make the management login a password or root login");
        }
    }

    static HostAdmin open(SshConnector connector, HostTarget target, EcsLogin login) {
        SshSession session = connector.open(target, login, "the management login '" + login.userName() + "'");
        try {
            return new HostAdmin(session, login, target.id());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private String uid() {
        CommandResult r = session.run("printf '" + UID_MARK + "%s\\n' \"$(id -u)\"", "");
        Optional<String> uid = r.stdout().lines().filter(l -> l.startsWith(UID_MARK))
                .map(l -> l.substring(UID_MARK.length()).strip()).reduce((a, b) -> b);
        if (!r.ok() || uid.isEmpty()) {
            throw failure("could not read the uid of the management login '" + login.userName() + "' (exit "
                    + r.exitStatus() + ": " + r.lastErrorLine() + ")");
        }
        return uid.get();
    }

    /** Runs the command as root; a non-zero exit is an error naming the command and its last line of stderr. */
    void run(RemoteCommand command) {
        CommandResult r = session.run(prefix + command.command(), stdinPrefix + command.stdin());
        if (!r.ok()) {
            throw failure(command.what() + " failed (exit " + r.exitStatus() + "): " + r.lastErrorLine());
        }
    }

    /** The host's words are quoted in errors; should one ever hold the sudo password, it is masked. */
    private RotatorException failure(String message) {
        String safe = login.password().map(p -> message.replace(p, "******")).orElse(message);
        return new RotatorException(ErrorCode.ROTATION_FAILED, "ecs target '" + targetId + "': " + safe);
    }

    @Override
    public void close() {
        session.close();
    }
}
