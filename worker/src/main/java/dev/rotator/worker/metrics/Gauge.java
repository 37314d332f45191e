package dev.rotator.worker.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** A value read when scraped, one sample per label value. */
final class Gauge implements MetricsRegistry.Metric {
    private static final Logger LOG = LoggerFactory.getLogger(Gauge.class);

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Supplier<Map<String, ? extends Number>> values;

    Gauge(String name, String help, String labelName, Supplier<Map<String, ? extends Number>> values) {
        this.name = name;
        this.help = help;
        this.labelNames = List.of(labelName);
        this.values = values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void writeTo(PrometheusText out) {
        out.header(name, help, "gauge");
        Map<String, ? extends Number> read;
        try {
            read = values.get();
        } catch (RuntimeException e) {
            // A missing series says "unknown" to Prometheus; failing the whole scrape would hide every other metric.
            LOG.warn("metric {} could not be read: {}", name, e.getMessage());
            return;
        }
        new TreeMap<>(read).forEach((label, value) -> out.sample(name, labelNames, List.of(label), value.doubleValue()));
    }
}
