package dev.rotator.worker.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Secrets must not cross a network in clear text by accident: without TLS the server listens on
 * loopback only, unless the operator says a TLS proxy in front takes care of it.
 */
public final class PlaintextGuard {
    public static final String ALLOW_SETTING = "server.allowPlaintextBeyondLoopback";

    private PlaintextGuard() {
    }

    /** @throws IllegalArgumentException plain HTTP on a host that is not loopback, and not explicitly allowed */
    public static void check(String host, boolean tls, boolean allowPlaintextBeyondLoopback) {
        if (tls || allowPlaintextBeyondLoopback || isLoopback(host)) {
            return;
        }
        throw new IllegalArgumentException("server.host '" + host + "' is reachable beyond loopback and TLS is off, "
                + "so API requests and secret values would travel in clear text. Either configure "
                + ServerIdentity.CERT_SETTING + " and " + ServerIdentity.KEY_SETTING + " (rotator tls init --dir DIR "
                + "--ip ADDRESS makes a local CA and certificate), or set " + ALLOW_SETTING + ": true if a TLS proxy "
                + "in front of the worker encrypts the traffic");
    }

    /** True if every address the host names is loopback; an empty host means every interface. */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server.host '" + host + "' cannot be resolved", e);
        }
    }
}
