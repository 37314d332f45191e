package dev.rotator.ecs;

import dev.rotator.core.spi.Target;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import static dev.rotator.core.RotatorException.invalid;

/**
 * An {@code ecs} target's settings (docs/configuration.md, Targets), read without connecting: {@code host},
 * {@code port} (default 22), {@code knownHosts} (known_hosts lines, or the path of a known_hosts file: the host's
 * pinned keys) and {@code adminSecret} (the secret holding the management login). Errors name the setting.
 */
record HostTarget(String id, String host, int port, String knownHosts, String adminSecret) {

    static HostTarget of(Target target) {
        String prefix = "targets." + target.id() + ".";
        String host = target.setting("host").filter(h -> !h.isBlank())
                .orElseThrow(() -> invalid(prefix + "host", "is required"));
        int port;
        try {
            port = Integer.parseInt(target.setting("port").orElse("22").trim());
        } catch (NumberFormatException e) {
            throw invalid(prefix + "port", "must be a port number from 1 to 65535");
        }
        if (port < 1 || port > 65535) {
            throw invalid(prefix + "port", "must be a port number from 1 to 65535");
        }
        String known = target.setting("knownHosts").filter(k -> !k.isBlank())
                .orElseThrow(() -> invalid(prefix + "knownHosts", "is required: the host's keys in known_hosts form "
                        + "(host keys are pinned, never trusted on first use)"));
        String adminSecret = target.setting("adminSecret").filter(a -> !a.isBlank())
                .orElseThrow(() -> invalid(prefix + "adminSecret", "is required (the secret holding the management login)"));
        return new HostTarget(target.id(), host, port, knownHostLines(prefix + "knownHosts", known), adminSecret);
    }

    /**
     * Lines as given, or read from the file the setting names; either way they must hold at least one host key
     * (a setting that pins nothing would refuse every connection with a less helpful error).
     */
    private static String knownHostLines(String field, String setting) {
        String trimmed = setting.trim();
        String lines = setting;
        if (!trimmed.contains("\n") && isFile(trimmed)) {
            try {
                lines = Files.readString(Path.of(trimmed));
            } catch (IOException | UncheckedIOException e) {
                throw invalid(field, "names a known_hosts file that cannot be read ('" + trimmed + "')");
            }
        } else if (!trimmed.contains(" ")) {
            throw invalid(field, "is neither known_hosts lines nor an existing known_hosts file ('" + trimmed + "')");
        }
        if (PinnedHostKeys.of(lines).entries().stream().noneMatch(e -> e instanceof OpenSSHKnownHosts.HostEntry)) {
            throw invalid(field, "holds no known_hosts line with a host key");
        }
        return lines;
    }

    private static boolean isFile(String text) {
        try {
            return Files.isRegularFile(Path.of(text));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** {@code host:port}, for messages. */
    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
