package dev.rotator.worker.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** A count that only goes up, one series per combination of label values. */
public final class Counter implements MetricsRegistry.Metric {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final ConcurrentMap<List<String>, LongAdder> series = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames;
    }

    /** Adds one to the series with these label values, in the order of the label names. */
    public void inc(String... labelValues) {
        series.computeIfAbsent(Labels.of(name, labelNames, labelValues), k -> new LongAdder()).increment();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void writeTo(PrometheusText out) {
        out.header(name, help, "counter");
        series.entrySet().stream().sorted(Map.Entry.comparingByKey(Labels.ORDER))
                .forEach(e -> out.sample(name, labelNames, e.getKey(), e.getValue().sum()));
    }
}
