package dev.rotator.worker.metrics;

import dev.rotator.core.AutomaticRotation;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** {@code rotator_secrets{automatic_rotation}}: how many secrets are in each AutomaticRotation state. */
public final class SecretStateMetrics {
    private SecretStateMetrics() {
    }

    /**
     * @param counts   the store's grouped count ({@code SecretStore::countByAutomaticRotation})
     * @param cacheFor how long one count serves scrapes, so that scraping never becomes a store load
     */
    public static void register(MetricsRegistry registry, Supplier<Map<AutomaticRotation, Long>> counts,
                                Duration cacheFor) {
        Cached<Map<AutomaticRotation, Long>> cached = new Cached<>(counts, cacheFor, System::nanoTime);
        registry.gauge("rotator_secrets", "Secrets by their AutomaticRotation state (Enabled, Disabled, Invalid).",
                "automatic_rotation", () -> {
                    Map<String, Long> byName = new TreeMap<>();
                    cached.get().forEach((state, n) -> byName.put(state.name(), n));
                    return byName;
                });
    }
}
