package dev.rotator.ecs.testing;

import dev.rotator.core.spi.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throwaway OpenSSH server ({@code /usr/sbin/sshd -D}) on a free loopback port, with host keys made for it
 * (ssh-keygen), its own sshd_config (password and public-key logins, root logins, PAM so that chpasswd'd passwords
 * work, a pre-login Banner and the motd), pid and log files in its own temporary directory. Only users whose names
 * start with {@link HostUsers#PREFIX} may log in. {@link #stop} and {@link #start} take it down and bring it back
 * on the same port with the same keys (a host that is down and comes back); {@link #close} stops it and removes the
 * directory. A missing sshd fails the test that needs it: nothing is skipped.
 */
public final class SshServer implements AutoCloseable {
    public static final String SSHD = "/usr/sbin/sshd";
    public static final String BANNER = "Authorized use only: rotator test host";

    private final Path dir;
    private final int port;
    private Process process;

    private SshServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static SshServer start() {
        if (!Files.isExecutable(Path.of(SSHD))) {
            throw new IllegalStateException(SSHD + " is missing: install openssh-server (.ci/run does)");
        }
        try {
            Path dir = Files.createTempDirectory("rotator-sshd-");
            SshServer server = new SshServer(dir, freePort());
            try {
                server.configure();
                server.launch();
                return server;
            } catch (RuntimeException | IOException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void configure() throws IOException {
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory (Debian)
        for (String type : new String[] {"ed25519", "rsa"}) {
            Local.run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "rotator-test-host",
                    "-f", dir.resolve("host_" + type).toString());
        }
        Files.writeString(dir.resolve("banner"), BANNER + "\n");
        Files.writeString(dir.resolve("sshd_config"), """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                HostKey %s
                PidFile %s
                PasswordAuthentication yes
                KbdInteractiveAuthentication no
                PubkeyAuthentication yes
                PermitRootLogin yes
                UsePAM yes
                StrictModes yes
                AuthorizedKeysFile .ssh/authorized_keys
                Banner %s
                PrintMotd yes
                AllowUsers %s*
                MaxStartups 100:30:200
                LogLevel VERBOSE
                """.formatted(port, dir.resolve("host_ed25519"), dir.resolve("host_rsa"), dir.resolve("sshd.pid"),
                dir.resolve("banner"), HostUsers.PREFIX));
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(SSHD, "-D", "-f", dir.resolve("sshd_config").toString(),
                "-E", dir.resolve("sshd.log").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.out").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("sshd did not start on port " + port + ": " + log()
                        + Files.readString(dir.resolve("sshd.out")));
            }
            sleep(50);
        }
    }

    /** Takes the host down: nothing listens on its port until {@link #start()}. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Brings the host back on the same port, with the same keys. */
    public void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The host's keys as known_hosts lines for {@code [127.0.0.1]:port}: what a target pins. */
    public String knownHosts() {
        return knownHostsOf(dir.resolve("host_ed25519.pub"), dir.resolve("host_rsa.pub"));
    }

    private String knownHostsOf(Path... publicKeys) {
        StringBuilder sb = new StringBuilder();
        for (Path p : publicKeys) {
            try {
                sb.append("[127.0.0.1]:").append(port).append(' ').append(Files.readString(p).strip()).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }

    /** Lines pinning other keys (made for this and never served) for this host: what a changed host key looks like. */
    public String otherKnownHosts() {
        Path other = dir.resolve("other_ed25519");
        if (!Files.exists(other)) {
            Local.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
            Local.run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", dir.resolve("other_rsa").toString());
        }
        return knownHostsOf(dir.resolve("other_ed25519.pub"), dir.resolve("other_rsa.pub"));
    }

    /** An {@code ecs} target of this host, as the worker's configuration declares one. */
    public Target target(String id, String adminSecret) {
        return target(id, adminSecret, knownHosts());
    }

    public Target target(String id, String adminSecret, String knownHosts) {
        return new Target(id, "ecs", Map.of("host", "127.0.0.1", "port", port, "knownHosts", knownHosts,
                "adminSecret", adminSecret));
    }

    /** A known_hosts file of this host, for the OpenSSH client. */
    public Path knownHostsFile() {
        try {
            return Files.writeString(dir.resolve("known_hosts"), knownHosts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** What sshd logged so far. */
    public String log() {
        try {
            Path log = dir.resolve("sshd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind harms nothing
        }
    }
}
