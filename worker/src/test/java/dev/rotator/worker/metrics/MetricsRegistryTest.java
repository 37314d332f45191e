package dev.rotator.worker.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsRegistryTest {
    private final MetricsRegistry registry = new MetricsRegistry();

    @Test
    void countersCountPerLabelValuesWithHelpAndType() {
        Counter c = registry.counter("jobs_total", "Jobs done.", "kind", "result");
        c.inc("a", "ok");
        c.inc("a", "ok");
        c.inc("b", "failed");

        String text = registry.scrape();
        assertThat(text).startsWith("# HELP jobs_total Jobs done.\n# TYPE jobs_total counter\n");
        assertThat(Exposition.parse(text)).containsExactly(
                Map.entry("jobs_total{kind=\"a\",result=\"ok\"}", 2.0),
                Map.entry("jobs_total{kind=\"b\",result=\"failed\"}", 1.0));
    }

    @Test
    void labelValuesAreEscapedSoTheLineStillParses() {
        registry.counter("odd_total", "Odd labels.", "v").inc("a \"quoted\" back\\slash\nnew line");

        String text = registry.scrape();
        assertThat(text).contains("odd_total{v=\"a \\\"quoted\\\" back\\\\slash\\nnew line\"} 1\n");
        assertThat(Exposition.parse(text)).hasSize(1);
    }

    @Test
    void histogramBucketsAreCumulativeWithSumAndCount() {
        Histogram h = registry.histogram("step_seconds", "Steps.", new double[] {0.1, 1, 10}, "step");
        h.observe(0.05, "set");
        h.observe(0.5, "set");
        h.observe(0.5, "set");
        h.observe(30, "set");

        Map<String, Double> s = Exposition.parse(registry.scrape());
        assertThat(s).containsEntry("step_seconds_bucket{step=\"set\",le=\"0.1\"}", 1.0)
                .containsEntry("step_seconds_bucket{step=\"set\",le=\"1\"}", 3.0)
                .containsEntry("step_seconds_bucket{step=\"set\",le=\"10\"}", 3.0)
                .containsEntry("step_seconds_bucket{step=\"set\",le=\"+Inf\"}", 4.0)
                .containsEntry("step_seconds_sum{step=\"set\"}", 31.05)
                .containsEntry("step_seconds_count{step=\"set\"}", 4.0);
        assertThat(registry.scrape()).contains("# TYPE step_seconds histogram\n");
    }

    @Test
    void gaugesAreReadAtEachScrapeAndAFailingOneHidesNothingElse() {
        int[] n = {1};
        registry.gauge("queue", "Queue length.", "name", () -> Map.of("main", n[0]));
        registry.gauge("broken", "Cannot be read.", "name", () -> {
            throw new IllegalStateException("store down");
        });
        registry.counter("after_total", "Registered after the broken gauge.").inc();

        assertThat(Exposition.parse(registry.scrape())).containsEntry("queue{name=\"main\"}", 1.0);
        n[0] = 7;
        Map<String, Double> s = Exposition.parse(registry.scrape());
        assertThat(s).containsEntry("queue{name=\"main\"}", 7.0).containsEntry("after_total", 1.0);
        assertThat(s.keySet()).noneMatch(k -> k.startsWith("broken"));
    }

    @Test
    void badNamesAndLabelCountsAreRefused() {
        assertThatThrownBy(() -> registry.counter("bad-name", "x")).hasMessageContaining("bad-name");
        assertThatThrownBy(() -> registry.counter("ok_total", "x", "le")).hasMessageContaining("'le'");
        Counter c = registry.counter("two_total", "x", "a", "b");
        assertThatThrownBy(() -> c.inc("only one")).hasMessageContaining("[a, b]");
        assertThatThrownBy(() -> registry.counter("two_total", "again")).hasMessageContaining("already registered");
        assertThatThrownBy(() -> registry.histogram("h", "x", new double[] {1, 1})).hasMessageContaining("increasing");
    }
}
