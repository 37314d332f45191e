package dev.rotator.worker.config;

import dev.rotator.core.spi.Target;
import dev.rotator.core.spi.TargetKind;
import dev.rotator.ram.RamEndpoint;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static dev.rotator.worker.config.WorkerConfig.check;

/**
 * What the worker checks of the {@code targets} it is given: a unique id of the form secrets can name, a known
 * kind, and the settings that kind takes (docs/configuration.md, Targets). Only their shape: what a setting means
 * to the target system is its rotator's business, so a typo stops the worker at start-up rather than a rotation.
 */
final class TargetRules {
    /** RAM user names are the longest-lived form of id here: letters, digits, '.', '_', '-', up to 64. */
    private static final String ID_FORM = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final String ID_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter"
            + " or digit";
    private static final String[] TLS = {"disable", "require", "verify-full"};

    /** How one setting's value is checked; the message names no value that could be a credential. */
    private interface Check {
        /** The rule the value breaks, or empty. */
        Optional<String> broken(Object value);
    }

    private record Setting(String key, boolean required, Check check) {
    }

    private static final Map<TargetKind, List<Setting>> SETTINGS = new EnumMap<>(Map.of(
            TargetKind.RDS, database(),
            TargetKind.POLARDB, database(),
            TargetKind.REDIS, List.of(req("nodes", TargetRules::hostPorts), opt("tls", oneOf(TLS)),
                    opt("caFile", TargetRules::text), req("adminSecret", TargetRules::text),
                    req("aclPersistence", oneOf("aclfile", "config-rewrite", "none"))),
            TargetKind.ECS, List.of(req("host", TargetRules::text), opt("port", TargetRules::port),
                    req("knownHosts", TargetRules::text), req("adminSecret", TargetRules::text)),
            TargetKind.RAM, List.of(opt("endpoint", TargetRules::ramEndpoint), opt("regionId", TargetRules::text),
                    req("adminSecret", TargetRules::text))));

    private TargetRules() {
    }

    private static List<Setting> database() {
        return List.of(req("engine", oneOf("mysql", "postgresql")), req("host", TargetRules::text),
                opt("port", TargetRules::port), opt("tls", oneOf(TLS)), opt("caFile", TargetRules::text),
                req("adminSecret", TargetRules::text), opt("database", TargetRules::text));
    }

    /**
     * @param name how errors name a field ({@code targets[0].port}); the loader adds where the value came from
     */
    static void validate(List<Target> targets, UnaryOperator<String> name) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            String at = "targets[" + i + "]";
            String id = t.id();
            check(id != null, name.apply(at + ".id"), "is required: the id secrets name the target by");
            check(id.matches(ID_FORM), name.apply(at + ".id"), ID_RULE + ", got '" + id + "'");
            Integer first = seen.putIfAbsent(id, i);
            check(first == null, name.apply(at + ".id"), "must be unique: '" + id + "' is also targets["
                    + first + "].id");
            check(t.kind() != null, name.apply(at + ".kind"), "is required: one of " + TargetKind.allIds());
            TargetKind kind = TargetKind.fromId(t.kind()).orElse(null);
            check(kind != null, name.apply(at + ".kind"), "must be one of " + TargetKind.allIds() + ", got '"
                    + t.kind() + "'");
            checkSettings(kind, t.settings(), at, name);
        }
    }

    /** Settings in their documented order, for the example and the docs' tests. */
    static List<String> settingsOf(TargetKind kind) {
        return SETTINGS.get(kind).stream().map(Setting::key).toList();
    }

    private static void checkSettings(TargetKind kind, Map<String, Object> settings, String at,
                                      UnaryOperator<String> name) {
        Map<String, Setting> allowed = new LinkedHashMap<>();
        SETTINGS.get(kind).forEach(s -> allowed.put(s.key(), s));
        for (String key : settings.keySet()) {
            check(allowed.containsKey(key), name.apply(at + "." + key), "is not a setting of kind " + kind.id()
                    + "; it takes id, kind, " + String.join(", ", allowed.keySet()));
        }
        for (Setting s : allowed.values()) {
            Object value = settings.get(s.key());
            if (value == null) {
                check(!s.required(), name.apply(at + "." + s.key()), "is required for kind " + kind.id());
            } else {
                s.check().broken(value).ifPresent(rule -> check(false, name.apply(at + "." + s.key()), rule));
            }
        }
    }

    private static Setting req(String key, Check check) {
        return new Setting(key, true, check);
    }

    private static Setting opt(String key, Check check) {
        return new Setting(key, false, check);
    }

    private static Optional<String> text(Object value) {
        return value instanceof Map || value instanceof List || String.valueOf(value).isBlank()
                ? Optional.of("must be a single non-empty value") : Optional.empty();
    }

    /** The RAM rotator's endpoint forms (http:// on loopback only), so a remote http endpoint stops the start-up. */
    private static Optional<String> ramEndpoint(Object value) {
        return text(value).or(() -> RamEndpoint.brokenRule(String.valueOf(value)));
    }

    private static Optional<String> port(Object value) {
        return validPort(String.valueOf(value)) ? Optional.empty()
                : Optional.of("must be a port number from 1 to 65535, got '" + value + "'");
    }

    /** A non-empty list of {@code host:port}, as Redis nodes are written. */
    private static Optional<String> hostPorts(Object value) {
        String rule = "must be a list of host:port (port 1 to 65535), e.g. [\"10.0.0.7:6379\"]";
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return Optional.of(rule);
        }
        for (Object node : list) {
            String text = String.valueOf(node);
            int colon = text.lastIndexOf(':');
            if (node instanceof Map || node instanceof List || colon <= 0 || !validPort(text.substring(colon + 1))) {
                return Optional.of(rule + ", got '" + text + "'");
            }
        }
        return Optional.empty();
    }

    private static Check oneOf(String... values) {
        List<String> allowed = List.of(values);
        return value -> allowed.contains(String.valueOf(value)) ? Optional.empty()
                : Optional.of("must be " + String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or "
                + allowed.get(allowed.size() - 1) + ", got '" + value + "'");
    }

    private static boolean validPort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
