package dev.rotator.worker.metrics;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretType;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.worker.api.HttpApi;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.rotator.worker.testing.TestStores.generic;
import static dev.rotator.worker.testing.TestStores.rds;
import static dev.rotator.worker.testing.TestStores.store;
import static dev.rotator.worker.testing.TestStores.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator's Prometheus sees at /metrics after real rotations, one good and one failing. */
class MetricsOverHttpTest {
    private static final String RDS = "rotator_rotations_total{type=\"Rds\",outcome=";

    private TestDatabase db;
    private JdbcSecretStore store;
    private final FakeAccountsRotator rotator = new FakeAccountsRotator();
    private final MetricsRegistry registry = new MetricsRegistry();
    private final ApiMetrics apiMetrics = new ApiMetrics(registry);
    private RotationEngine engine;
    private HttpApi api;

    /** Every reading moves time on by 100 ms, so each step lasts a known time. */
    private static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusMillis(100);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void start() {
        db = TestDatabases.H2.create();
        store = store(db.database());
        engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, rotator)),
                new RetryPolicy(3, Duration.ZERO, 1, Duration.ZERO), Duration.ofMinutes(1), "w1", new TickingClock(),
                d -> { }, new RotationMetrics(registry));
        SecretStateMetrics.register(registry, store::countByAutomaticRotation, Duration.ZERO);
        api = HttpApi.start(new WorkerConfig.Server("127.0.0.1", 0), () -> true, () -> true, registry, null,
                null);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        db.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return Exposition.parse(r.body());
    }

    private static double count(Map<String, Double> s, String step) {
        return s.getOrDefault("rotator_rotation_step_seconds_count{type=\"Rds\",step=\"" + step + "\"}", 0.0);
    }

    @Test
    void rotationsStepsSecretStatesAndApiRequestsShowUp() throws Exception {
        rotator.accounts.put("app", "Initial-pw0");
        rotator.accounts.put("billing", "Initial-pw1");
        store.create(rds("db/app"), version("v1", FakeAccountsRotator.value("app", "Initial-pw0").text()));
        store.create(rds("db/billing"), version("v1", FakeAccountsRotator.value("billing", "Initial-pw1").text()));
        store.create(generic("plain/config"), version("v1", "{\"token\":\"Generic-value-9\"}"));
        Map<String, Double> before = scrape();
        assertThat(before).containsEntry("rotator_secrets{automatic_rotation=\"Enabled\"}", 2.0)
                .containsEntry("rotator_secrets{automatic_rotation=\"Disabled\"}", 1.0)
                .containsEntry("rotator_secrets{automatic_rotation=\"Invalid\"}", 0.0);
        assertThat(before.keySet()).noneMatch(k -> k.startsWith("rotator_rotations_total"));

        engine.rotate("db/app", RotationTrigger.now());
        rotator.failAt(Point.SET_BEFORE, 100, "connection refused by billing-db");
        assertThatThrownBy(() -> engine.rotate("db/billing", RotationTrigger.now())).isInstanceOf(RotatorException.class);
        apiMetrics.record("GetSecretValue", ApiMetrics.OK);
        apiMetrics.record("GetSecretValue", "Forbidden.ResourceNotFound");

        Map<String, Double> s = scrape();
        assertThat(s).containsEntry(RDS + "\"success\"}", 1.0).containsEntry(RDS + "\"failure\"}", 1.0);
        assertThat(count(s, "create")).isEqualTo(2);
        assertThat(count(s, "set")).as("one success, then three failed attempts").isEqualTo(4);
        assertThat(count(s, "test")).isEqualTo(1);
        assertThat(count(s, "promote")).isEqualTo(1);
        assertThat(count(s, "finish")).isEqualTo(1);
        assertThat(s).containsEntry("rotator_rotation_step_seconds_sum{type=\"Rds\",step=\"create\"}", 0.2)
                .containsEntry("rotator_rotation_step_seconds_bucket{type=\"Rds\",step=\"create\",le=\"0.05\"}", 0.0)
                .containsEntry("rotator_rotation_step_seconds_bucket{type=\"Rds\",step=\"create\",le=\"0.1\"}", 2.0);
        assertThat(s).containsEntry("rotator_secrets{automatic_rotation=\"Enabled\"}", 1.0)
                .containsEntry("rotator_secrets{automatic_rotation=\"Invalid\"}", 1.0)
                .containsEntry("rotator_secrets{automatic_rotation=\"Disabled\"}", 1.0);
        assertThat(s).containsEntry("rotator_api_requests_total{action=\"GetSecretValue\",code=\"OK\"}", 1.0)
                .containsEntry("rotator_api_requests_total{action=\"GetSecretValue\",code=\"Forbidden.ResourceNotFound\"}",
                        1.0);
    }

    @Test
    void theScrapeHoldsNoSecretValueNorSecretName() throws Exception {
        rotator.accounts.put("app", "Initial-pw0");
        store.create(rds("db/app"), version("v1", FakeAccountsRotator.value("app", "Initial-pw0").text()));
        engine.rotate("db/app", RotationTrigger.now());
        rotator.failAt(Point.TEST, 100, "login failed for Initial-pw0");
        assertThatThrownBy(() -> engine.rotate("db/app", RotationTrigger.now())).isInstanceOf(RotatorException.class);

        String body = get("/metrics").body();
        List<String> values = new ArrayList<>();
        for (VersionInfo v : store.versions("db/app")) {
            values.add(store.version("db/app", v.versionId()).orElseThrow().value().text());
        }
        assertThat(values).hasSizeGreaterThanOrEqualTo(3);
        for (String value : values) {
            String password = value.replaceAll(".*\"AccountPassword\":\"([^\"]+)\".*", "$1");
            assertThat(body.contains(password)).as("a password in the scrape").isFalse();
        }
        assertThat(body).doesNotContain("db/app").doesNotContain("login failed");
        Exposition.parse(body);
    }

    @Test
    void onlyGetServesMetrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/metrics")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void secretCountsAreCachedBetweenScrapes() {
        MetricsRegistry own = new MetricsRegistry();
        AtomicInteger queries = new AtomicInteger();
        SecretStateMetrics.register(own, () -> {
            queries.incrementAndGet();
            return store.countByAutomaticRotation();
        }, Duration.ofHours(1));

        own.scrape();
        own.scrape();
        own.scrape();
        assertThat(queries).hasValue(1);
        assertThat(Exposition.parse(own.scrape())).containsOnlyKeys("rotator_secrets{automatic_rotation=\"Disabled\"}",
                "rotator_secrets{automatic_rotation=\"Enabled\"}", "rotator_secrets{automatic_rotation=\"Invalid\"}");
    }
}
