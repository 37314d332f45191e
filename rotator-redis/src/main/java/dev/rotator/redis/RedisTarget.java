package dev.rotator.redis;

import dev.rotator.core.spi.Target;
import redis.clients.jedis.HostAndPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.rotator.core.RotatorException.invalid;

/**
 * A redis target's settings (docs/configuration.md, Targets), read without connecting: the nodes (a primary and
 * its replicas: ACLs do not replicate, so every one is managed), TLS, the secret holding the admin user, and how ACL
 * changes are persisted. Errors name the setting.
 *
 * @param tls {@code disable}, {@code require} (encrypted, certificate not checked; the default) or
 *            {@code verify-full} (certificate and host name checked)
 */
record RedisTarget(String id, List<HostAndPort> nodes, String tls, Optional<String> caFile, String adminSecret,
                   AclPersistence persistence) {

    static RedisTarget of(Target target) {
        String prefix = "targets." + target.id() + ".";
        Object nodes = target.settings().get("nodes");
        if (!(nodes instanceof List<?> list) || list.isEmpty()) {
            throw invalid(prefix + "nodes", "must be a list of host:port");
        }
        List<HostAndPort> parsed = new ArrayList<>();
        for (Object node : list) {
            parsed.add(node(prefix + "nodes", String.valueOf(node)));
        }
        String tls = target.setting("tls").orElse("require").toLowerCase(Locale.ROOT);
        if (!List.of("disable", "require", "verify-full").contains(tls)) {
            throw invalid(prefix + "tls", "must be disable, require or verify-full");
        }
        String adminSecret = target.setting("adminSecret").orElseThrow(() -> invalid(prefix + "adminSecret",
                "is required (the secret holding the ACL user that manages users)"));
        String persistence = target.setting("aclPersistence").orElseThrow(() -> invalid(prefix + "aclPersistence",
                "is required: aclfile, config-rewrite or none"));
        return new RedisTarget(target.id(), List.copyOf(parsed), tls, target.setting("caFile"), adminSecret,
                AclPersistence.of(prefix + "aclPersistence", persistence));
    }

    private static HostAndPort node(String field, String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1).trim());
            if (!host.isBlank() && port >= 1 && port <= 65535) {
                return new HostAndPort(host, port);
            }
        } catch (NumberFormatException e) {
            // refused below, with the rule
        }
        throw invalid(field, "must be a list of host:port (port 1 to 65535), got '" + text + "'");
    }
}
