package dev.rotator.ram;

import java.util.Optional;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Where a ram target's RAM API is: its {@code endpoint} setting, {@code host[:port]} or {@code https://host[:port]}
 * (HTTPS), or {@code http://host:port} for a local endpoint only (loopback), so that no management AccessKey's
 * signed calls cross a network in clear. Unset is the central endpoint {@code ram.aliyuncs.com}.
 *
 * @param authority host[:port], as the SDK's Config.endpoint takes it (no scheme)
 * @param protocol  HTTP or HTTPS, as the SDK's Config.protocol takes it
 */
public record RamEndpoint(String authority, String protocol) {
    static final String CENTRAL = "ram.aliyuncs.com";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    /** The rule an {@code endpoint} setting breaks, if any: the worker checks its configuration with it at start-up. */
    public static Optional<String> brokenRule(String setting) {
        return read(setting).rule();
    }

    static RamEndpoint parse(String targetId, String setting) {
        Reading r = read(setting);
        if (r.rule().isPresent()) {
            throw invalid("targets." + targetId + ".endpoint", r.rule().get());
        }
        return r.endpoint();
    }

    /** An endpoint, or the rule its setting breaks. */
    private record Reading(RamEndpoint endpoint, Optional<String> rule) {
        static Reading broken(String rule) {
            return new Reading(null, Optional.of(rule));
        }
    }

    private static Reading read(String setting) {
        if (setting == null || setting.isBlank()) {
            return new Reading(new RamEndpoint(CENTRAL, "HTTPS"), Optional.empty());
        }
        String text = setting.trim();
        String protocol = "HTTPS";
        if (text.regionMatches(true, 0, "https://", 0, 8)) {
            text = text.substring(8);
        } else if (text.regionMatches(true, 0, "http://", 0, 7)) {
            text = text.substring(7);
            protocol = "HTTP";
        }
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty() || text.contains("/") || text.contains("?") || text.contains("@") || text.contains(" ")) {
            return Reading.broken("must be host[:port], https://host[:port] or (loopback only) http://host:port");
        }
        if (protocol.equals("HTTP") && !LOOPBACK.contains(host(text))) {
            return Reading.broken("may use http:// only for a loopback endpoint (127.0.0.1, localhost); a remote "
                    + "RAM endpoint is reached over HTTPS");
        }
        return new Reading(new RamEndpoint(text, protocol), Optional.empty());
    }

    private static String host(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    @Override
    public String toString() {
        return protocol.toLowerCase() + "://" + authority;
    }
}
