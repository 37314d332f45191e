package dev.rotator.ecs;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One authenticated SSH connection. Commands run one per exec channel; whatever they need to know that is secret
 * is written to their standard input, never into the command line (which the host may show in {@code ps} or log).
 */
final class SshSession implements AutoCloseable {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final SSHClient ssh;
    private final String where;

    SshSession(SSHClient ssh, String where) {
        this.ssh = ssh;
        this.where = where;
    }

    /** Runs {@code command}, feeds it {@code stdin} then end-of-file, and waits for its exit status. */
    CommandResult run(String command, String stdin) {
        try (Session session = ssh.startSession(); Session.Command cmd = session.exec(command)) {
            feed(cmd, stdin);
            String out = IOUtils.readFully(cmd.getInputStream()).toString(StandardCharsets.UTF_8);
            String err = IOUtils.readFully(cmd.getErrorStream()).toString(StandardCharsets.UTF_8);
            cmd.join(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, "a command on " + where
                        + " ended without an exit status (killed, or timed out after " + COMMAND_TIMEOUT.toSeconds() + "s)");
            }
            return new CommandResult(status, out, err);
        } catch (IOException e) {
            // sshj's messages name channels and states, never what was written to them.
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "running a command on " + where + " failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code stdin} to the command, then end-of-file. A command that ends without reading it (as {@code id}
     * does at once) closes its side first; that is no failure: its exit status and output tell how it went.
     */
    private static void feed(Session.Command cmd, String stdin) throws IOException {
        OutputStream in = cmd.getOutputStream();
        try {
            if (!stdin.isEmpty()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            in.close();
        } catch (ConnectionException closed) {
            if (cmd.isOpen() && !cmd.isEOF()) {
                throw closed;
            }
        }
    }

    @Override
    public void close() {
        try {
            ssh.close();
        } catch (IOException e) {
            // the work is done or failed already; a failing disconnect changes neither
        }
    }
}
