package dev.rotator.worker.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The worker's metrics, written in the Prometheus text exposition format 0.0.4 for {@code GET /metrics}.
 * Hand-written rather than a client library: three metric kinds with labels are all the worker needs.
 */
public final class MetricsRegistry {
    /** The Content-Type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final List<Metric> metrics = new CopyOnWriteArrayList<>();

    public Counter counter(String name, String help, String... labelNames) {
        return add(new Counter(checkName(name), help, checkLabels(name, labelNames)));
    }

    /** @param buckets upper bounds, strictly increasing; +Inf is added */
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return add(new Histogram(checkName(name), help, buckets, checkLabels(name, labelNames)));
    }

    /** A gauge read at each scrape: one sample per entry of the map, the key being the label's value. */
    public void gauge(String name, String help, String labelName, Supplier<Map<String, ? extends Number>> values) {
        add(new Gauge(checkName(name), help, checkLabels(name, new String[] {labelName}).get(0), values));
    }

    /** Every metric, in the order registered. */
    public String scrape() {
        PrometheusText out = new PrometheusText();
        for (Metric m : metrics) {
            m.writeTo(out);
        }
        return out.toString();
    }

    private synchronized <M extends Metric> M add(M metric) {
        if (metrics.stream().anyMatch(m -> m.name().equals(metric.name()))) {
            throw new IllegalArgumentException("metric " + metric.name() + " is already registered");
        }
        metrics.add(metric);
        return metric;
    }

    private static String checkName(String name) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' must match " + METRIC_NAME);
        }
        return name;
    }

    private static List<String> checkLabels(String metric, String[] labelNames) {
        for (String label : labelNames) {
            if (label == null || !LABEL_NAME.matcher(label).matches() || label.startsWith("__") || label.equals("le")) {
                throw new IllegalArgumentException("metric " + metric + ": label name '" + label + "' must match "
                        + LABEL_NAME + " and be neither reserved (__*) nor 'le'");
            }
        }
        return List.of(labelNames);
    }

    /** One metric family: its HELP and TYPE lines and its samples. */
    interface Metric {
        String name();

        void writeTo(PrometheusText out);
    }
}
