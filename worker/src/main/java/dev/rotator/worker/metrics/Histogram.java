package dev.rotator.worker.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Observations counted into fixed buckets, with their sum and count, one series per combination of label values. */
public final class Histogram implements MetricsRegistry.Metric {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final List<String> labelNames;
    private final ConcurrentMap<List<String>, Series> series = new ConcurrentHashMap<>();

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("metric " + name + ": bucket bounds must be finite and strictly "
                        + "increasing, got " + Arrays.toString(bounds));
            }
        }
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.labelNames = labelNames;
    }

    public void observe(double value, String... labelValues) {
        series.computeIfAbsent(Labels.of(name, labelNames, labelValues), k -> new Series(bounds.length))
                .observe(bounds, value);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void writeTo(PrometheusText out) {
        out.header(name, help, "histogram");
        series.entrySet().stream().sorted(Map.Entry.comparingByKey(Labels.ORDER)).forEach(e -> {
            Series.Snapshot s = e.getValue().snapshot();
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += s.buckets()[i];
                out.sample(name + "_bucket", labelNames, e.getKey(), PrometheusText.number(bounds[i]), cumulative);
            }
            out.sample(name + "_bucket", labelNames, e.getKey(), "+Inf", s.count());
            out.sample(name + "_sum", labelNames, e.getKey(), s.sum());
            out.sample(name + "_count", labelNames, e.getKey(), s.count());
        });
    }

    /** One series; locked so that a scrape never sees a count that disagrees with its buckets. */
    private static final class Series {
        private final long[] buckets;
        private double sum;
        private long count;

        Series(int bucketCount) {
            this.buckets = new long[bucketCount];
        }

        synchronized void observe(double[] bounds, double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    buckets[i]++;
                    break;
                }
            }
            sum += value;
            count++;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(buckets.clone(), sum, count);
        }

        record Snapshot(long[] buckets, double sum, long count) {
        }
    }
}
