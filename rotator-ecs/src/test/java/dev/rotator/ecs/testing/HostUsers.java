package dev.rotator.ecs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Linux users of this machine made for a test (useradd, names {@link #PREFIX} + a hint + a unique suffix), each with
 * a password set by chpasswd, and removed with their homes on close (userdel), with the sudoers files made for them.
 *
 * <p>Root: tests never touch the machine's real root password. {@link #rootAlias} makes a second user with uid 0
 * ({@code useradd -o -u 0}), which is root to the host in every respect that matters here (uid 0, no sudo needed)
 * but has its own name, password and home.
 */
public final class HostUsers implements AutoCloseable {
    public static final String PREFIX = "rte";

    private final String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    private final List<String> users = new ArrayList<>();
    private final List<Path> sudoers = new ArrayList<>();

    public record User(String name, String password) {
        public Path home() {
            return Path.of("/home", name);
        }

        public Path authorizedKeys() {
            return home().resolve(".ssh/authorized_keys");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A user with a bash login and this password. */
    public User user(String hint, String password) {
        return make(hint, password, "useradd", "-m", "-s", "/bin/bash");
    }

    /** A uid-0 alias of root (see the class comment), with its own home. */
    public User rootAlias(String hint, String password) {
        return make(hint, password, "useradd", "-o", "-u", "0", "-g", "0", "-m", "-s", "/bin/bash");
    }

    private User make(String hint, String password, String... useradd) {
        String name = PREFIX + hint + "_" + unique;
        String[] command = java.util.Arrays.copyOf(useradd, useradd.length + 1);
        command[useradd.length] = name;
        Local.run(command);
        users.add(name);
        setPassword(name, password);
        return new User(name, password);
    }

    /** Sets a password directly on this machine (chpasswd, on standard input). */
    public void setPassword(String name, String password) {
        Local.withInput(name + ":" + password + "\n", "chpasswd");
    }

    /** Lets the user run anything through sudo: with its password, or without any ({@code NOPASSWD}). */
    public void sudoer(User user, boolean nopasswd) {
        sudoers(user, user.name() + " ALL=(ALL:ALL) " + (nopasswd ? "NOPASSWD: " : "") + "ALL\n");
    }

    /** The user's sudoers file ({@code /etc/sudoers.d/<name>}), removed on close. */
    public void sudoers(User user, String content) {
        Path file = Path.of("/etc/sudoers.d", user.name());
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sudoers.add(file);
    }

    /**
     * Makes the user's login shell chatty: its {@code .bashrc} (which bash reads even for {@code ssh host command})
     * prints to standard output and standard error before anything runs.
     */
    public void noisyShell(User user) {
        write(user, user.home().resolve(".bashrc"), """
                echo "Welcome to the rotator test host, $USER"
                echo "rotator-uid:1234 (a line that looks like ours)"
                echo "last login: never" >&2
                """);
    }

    /** Writes a file as the user would have it: owned by the user, mode 600. */
    public void write(User user, Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            Local.run("chown", user.name() + ":", file.toString(), file.getParent().toString());
            Local.run("chmod", "600", file.toString());
            if (!file.getParent().equals(user.home())) {
                Local.run("chmod", "700", file.getParent().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 700 rte...} style: the mode and owner of a path. */
    public static String modeAndOwner(Path path) {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return PosixFilePermissions.toString(a.permissions()) + " " + a.owner().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Path file : sudoers) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // removed with the rest below or by hand; nothing grants more than the test users
            }
        }
        RuntimeException failed = null;
        for (String name : users) {
            try {
                // -f: a uid-0 alias always "has processes" (root's); -r: its home and mail spool go too.
                Local.run("userdel", "-f", "-r", name);
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null && failed.getMessage() != null && !failed.getMessage().contains("mail spool")) {
            throw failed;
        }
    }
}
