package dev.rotator.worker.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiMetricsTest {
    private final MetricsRegistry registry = new MetricsRegistry();
    private final ApiMetrics api = new ApiMetrics(registry);

    @Test
    void requestsAreCountedByActionAndCode() {
        api.record("GetSecretValue", ApiMetrics.OK);
        api.record("GetSecretValue", ApiMetrics.OK);
        api.record("GetSecretValue", "Forbidden.ResourceNotFound");

        assertThat(Exposition.parse(registry.scrape()))
                .containsEntry("rotator_api_requests_total{action=\"GetSecretValue\",code=\"OK\"}", 2.0)
                .containsEntry("rotator_api_requests_total{action=\"GetSecretValue\",code=\"Forbidden.ResourceNotFound\"}",
                        1.0);
    }

    @Test
    void callerChosenActionsCannotGrowTheMetricWithoutEnd() {
        api.record(null, "MissingParameter");
        api.record("Get<script>", "InvalidAction.NotFound");
        for (int i = 0; i < ApiMetrics.MAX_ACTIONS + 50; i++) {
            api.record("Made" + i, "InvalidAction.NotFound");
        }

        Map<String, Double> s = Exposition.parse(registry.scrape());
        assertThat(s).containsEntry("rotator_api_requests_total{action=\"Missing\",code=\"MissingParameter\"}", 1.0)
                .containsEntry("rotator_api_requests_total{action=\"Invalid\",code=\"InvalidAction.NotFound\"}", 1.0)
                .containsEntry("rotator_api_requests_total{action=\"Other\",code=\"InvalidAction.NotFound\"}", 50.0);
        assertThat(s).hasSize(ApiMetrics.MAX_ACTIONS + 3);
    }
}
