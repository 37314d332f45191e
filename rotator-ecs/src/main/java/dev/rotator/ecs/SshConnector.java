package dev.rotator.ecs;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.PasswordUtils;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Opens SSH connections to a host target with one login and nothing else: a password (password or
 * keyboard-interactive authentication) or a private key, never an agent or files of the worker's account. The host
 * key must be one the target pins. Failures become errors that say what failed (unreachable, host key, login
 * refused) and hold no secret.
 */
final class SshConnector {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final DefaultConfig CONFIG = new DefaultConfig();

    /**
     * @param who how errors name the login: "the management login 'root'", "the new password of 'alice'" ...
     */
    SshSession open(HostTarget target, EcsLogin login, String who) {
        SSHClient ssh = new SSHClient(CONFIG);
        PinnedHostKeys pinned = PinnedHostKeys.of(target.knownHosts());
        ssh.addHostKeyVerifier(pinned);
        ssh.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        ssh.setTimeout((int) SshSession.COMMAND_TIMEOUT.toMillis());
        String where = "ecs target '" + target.id() + "' (" + target.address() + ")";
        try {
            ssh.connect(target.host(), target.port());
            ssh.auth(login.userName(), methods(ssh, login, who));
            return new SshSession(ssh, where);
        } catch (UserAuthException e) {
            close(ssh);
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "SSH login to " + where + " with " + who
                    + " was refused: " + (login.isKeyPair() ? "the public key is not authorized"
                    : "wrong password, or password login not allowed") + " for user '" + login.userName() + "'", e);
        } catch (TransportException e) {
            close(ssh);
            if (e.getDisconnectReason() == DisconnectReason.HOST_KEY_NOT_VERIFIABLE || pinned.refusal().isPresent()) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, "refused to log in to " + where + ": "
                        + pinned.refusal().orElse("its host key is not pinned in knownHosts"), e);
            }
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "SSH to " + where + " failed: " + e.getMessage(), e);
        } catch (ConnectException | NoRouteToHostException | SocketTimeoutException | UnknownHostException e) {
            close(ssh);
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "cannot reach " + where + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            close(ssh);
            if (e instanceof RotatorException r) {
                throw r;
            }
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "SSH to " + where + " failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static List<AuthMethod> methods(SSHClient ssh, EcsLogin login, String who) throws IOException {
        if (login.isKeyPair()) {
            KeyProvider key;
            try {
                key = ssh.loadKeys(login.privateKey().orElseThrow(), null, null);
                key.getPrivate(); // parsed now, so a broken key is named as such rather than as a refused login
            } catch (IOException | RuntimeException e) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, who + ": the PrivateKey is not a readable "
                        + "unencrypted private key (PEM or OpenSSH format)");
            }
            return List.of(new AuthPublickey(key));
        }
        char[] password = login.password().orElseThrow().toCharArray();
        PasswordFinder finder = PasswordUtils.createOneOff(password);
        PasswordFinder again = PasswordUtils.createOneOff(password.clone());
        return List.of(new AuthPassword(finder), new AuthKeyboardInteractive(new PasswordResponseProvider(again)));
    }

    private static void close(SSHClient ssh) {
        try {
            ssh.close();
        } catch (IOException e) {
            // already failing; the first error is the one to report
        }
    }
}
