package dev.rotator.ecs.testing;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Logins to the throwaway sshd as an application would make them, apart from the rotator's own code: passwords
 * with a plain sshj client, key pairs with OpenSSH's {@code ssh} client (which also proves the private key is in a
 * form OpenSSH reads). True when the login is accepted, false when it is refused; anything else fails the test.
 */
public final class SshLogins {
    private SshLogins() {
    }

    public static boolean password(SshServer server, String user, String password) {
        try (SSHClient ssh = new SSHClient()) {
            ssh.addHostKeyVerifier(new OpenSSHKnownHosts(new StringReader(server.knownHosts())));
            ssh.connect("127.0.0.1", server.port());
            try {
                ssh.authPassword(user, password);
                return ssh.isAuthenticated();
            } catch (UserAuthException refused) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not reach the test sshd: " + e.getMessage(), e);
        }
    }

    /** {@code ssh -i key user@host true} with that key alone (no agent, no password, host key checked). */
    public static boolean key(SshServer server, String user, String privateKey) {
        Path file = server.dir().resolve("login-key-" + System.nanoTime());
        try {
            Files.writeString(file, privateKey);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Process p = new ProcessBuilder("ssh", "-F", "/dev/null", "-i", file.toString(), "-o", "BatchMode=yes",
                    "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "PasswordAuthentication=no",
                    "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + server.knownHostsFile(),
                    "-p", String.valueOf(server.port()), user + "@127.0.0.1", "true")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ssh did not finish in 30s");
            }
            if (p.exitValue() == 0) {
                return true;
            }
            if (p.exitValue() == 255 && out.contains("Permission denied")) {
                return false;
            }
            throw new IllegalStateException("ssh failed (exit " + p.exitValue() + "): " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            file.toFile().delete();
        }
    }

    /** An Ed25519 key pair made by ssh-keygen: {@code [publicKeyLine, privateKey]}. */
    public static String[] keygen(SshServer server, String comment) {
        Path file = server.dir().resolve("user-key-" + System.nanoTime());
        Local.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString());
        try {
            return new String[] {Files.readString(Path.of(file + ".pub")).strip(), Files.readString(file)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            file.toFile().delete();
            Path.of(file + ".pub").toFile().delete();
        }
    }

    /** The public key OpenSSH derives from a private key ({@code ssh-keygen -y}), without its comment. */
    public static String publicKeyOf(SshServer server, String privateKey) {
        Path file = server.dir().resolve("derive-" + System.nanoTime());
        try {
            Files.writeString(file, privateKey);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            String[] words = Local.run("ssh-keygen", "-y", "-f", file.toString()).strip().split(" ");
            return words[0] + " " + words[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            file.toFile().delete();
        }
    }
}
