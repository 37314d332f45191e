package dev.rotator.ecs;

import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;

/**
 * The host keys a target pins, in known_hosts form. A key the lines do not hold for the host fails the connection;
 * nothing is ever added (no trust on first use), and the reason (unknown or changed, with the key's fingerprint) is
 * kept for the error the rotation reports. One instance per connection.
 */
final class PinnedHostKeys extends OpenSSHKnownHosts {
    private volatile String refusal;

    PinnedHostKeys(String knownHostsLines) throws IOException {
        super(new StringReader(knownHostsLines));
    }

    static PinnedHostKeys of(String knownHostsLines) {
        try {
            return new PinnedHostKeys(knownHostsLines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
        refusal = "the host key " + describe(key) + " of " + hostname + " is not pinned in knownHosts (unknown host "
                + "key; it is never trusted on first use: add it to knownHosts after checking it)";
        return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
        refusal = "the host key of " + hostname + " has CHANGED: the server shows " + describe(key) + ", which differs"
                + " from the key pinned in knownHosts (a reinstalled host, or someone in between)";
        return false;
    }

    /** Why the last connection's host key was refused, if it was. */
    Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** {@code ssh-ed25519 SHA256:...}, as {@code ssh-keygen -lf} shows a key, so an operator can compare. */
    static String describe(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return KeyType.fromKey(key) + " SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
