package dev.rotator.core.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A system that secrets rotate credentials on, declared in the worker's configuration: a
 * database instance, a Redis instance, an SSH host, a RAM account.
 *
 * @param settings the target's own settings (host, port, TLS, the name of the secret holding
 *                 its management credential …), as the rotator of its kind reads them
 */
public record Target(String id, String kind, Map<String, Object> settings) {
    public Target {
        settings = Map.copyOf(settings);
    }

    public Optional<String> setting(String key) {
        Object v = settings.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }
}
