package dev.rotator.worker.ram;

import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.CreateSecretResponseBody;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.RotateSecretRequest;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rotator.ram.testing.RamProbe;
import dev.rotator.ram.testing.RamServer.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.rotator.worker.ram.RamWorker.USER;
import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RAMCredentials end to end: a worker with a ram target on the local RAM API, driven through the official KMS SDK
 * (and /admin/v1 for rotate-now with an overlap window) as an application and an operator would.
 */
class RamEndToEndTest {
    private static final String NAME = "acs/ram/user/alice";
    private RamWorker w;
    private final List<String> secrets = new ArrayList<>();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void start() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.setContext(context);
        log.start();
        root.addAppender(log);
        w = new RamWorker();
    }

    /** No AccessKeySecret in a log line (with its exception) or in what the RAM API was told to record. */
    @AfterEach
    void stop() throws Exception {
        try {
            w.close();
        } finally {
            root.detachAppender(log);
            log.stop();
        }
        List<String> lines = new ArrayList<>(w.ram.calls());
        for (ILoggingEvent e : log.list) {
            lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()));
        }
        assertThat(lines).as("log lines were captured").isNotEmpty();
        for (String s : secrets) {
            assertThat(lines).as("no AccessKeySecret in a log line").noneMatch(line -> line.contains(s));
        }
    }

    private boolean works(JsonNode value) {
        return RamProbe.works(w.ram, USER, value.get("AccessKeyId").asText(), value.get("AccessKeySecret").asText());
    }

    /** CreateSecret $Auto with SecretData listing these keys of alice, rotating every 30 days. */
    private CreateSecretResponseBody createAliceSecret(Credential... keys) throws Exception {
        return createAliceSecret("30d", keys);
    }

    private CreateSecretResponseBody createAliceSecret(String interval, Credential... keys) throws Exception {
        List<String> listed = new ArrayList<>();
        for (Credential key : keys) {
            secrets.add(key.accessKeySecret());
            listed.add("{\"AccessKeyId\":\"" + key.accessKeyId() + "\",\"AccessKeySecret\":\"" + key.accessKeySecret()
                    + "\"}");
        }
        return w.sdk.createSecret(new CreateSecretRequest().setSecretName("$Auto").setSecretType("RAMCredentials")
                .setVersionId("v1").setEnableAutomaticRotation(true).setRotationInterval(interval)
                .setSecretData("{\"AccessKeys\":[" + String.join(",", listed) + "]}")
                .setExtendedConfig(Map.of("SecretSubType", "RamUserAccessKey", "UserName", USER))).getBody();
    }

    @Test
    void createReadRotateKeepTheOldKeyThroughTheWindowThenDeleteIt() throws Exception {
        Credential k1 = w.ram.addKey(USER);
        refused(() -> createAliceSecret("6d", k1), 400, "InvalidParameter");
        refused(() -> createAliceSecret("366d", k1), 400, "InvalidParameter");
        CreateSecretResponseBody created = createAliceSecret(k1);
        assertThat(created.getSecretName()).isEqualTo(NAME);
        assertThat(created.getSecretType()).isEqualTo("RAMCredentials");

        JsonNode v1 = w.value(NAME, null);
        assertThat(v1.get("AccessKeyId").asText()).isEqualTo(k1.accessKeyId());
        assertThat(v1.get("AccessKeySecret").asText()).isEqualTo(k1.accessKeySecret());
        assertThat(Instant.parse(v1.get("GenerateTimestamp").asText()))
                .isEqualTo(w.ram.keys(USER).get(0).created());
        assertThat(v1.size()).as("exactly the three documented fields").isEqualTo(3);

        w.sdk.rotateSecret(new RotateSecretRequest().setSecretName(NAME).setVersionId("r1"));
        w.awaitCurrent(NAME, "r1");

        JsonNode v2 = w.value(NAME, null);
        secrets.add(v2.get("AccessKeySecret").asText());
        assertThat(v2.get("AccessKeyId").asText()).isNotEqualTo(k1.accessKeyId());
        assertThat(w.value(NAME, "ACSPrevious").get("AccessKeyId").asText()).isEqualTo(k1.accessKeyId());
        assertThat(works(v2)).isTrue();
        assertThat(works(v1)).as("the old key works through the overlap window").isTrue();
        assertThat(w.ram.keyIds(USER)).hasSize(2);
        refused(() -> w.sdk.rotateSecret(new RotateSecretRequest().setSecretName(NAME).setVersionId("r2")), 409,
                "Rejected.SecretRotating");
        Instant due = w.worker.store().owedFinish(NAME).orElseThrow().dueAt().orElseThrow();
        assertThat(w.adminGet(NAME, "rotation")).as("the rotation state shows the window")
                .contains("\"FinishOwed\":\"r1\"", "\"FinishDueAt\":\"" + due.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        // 48 hours later (the scheduled default) the worker, restarted meanwhile, deletes the old key.
        w.clock.advance(Duration.ofHours(48).plusMinutes(1));
        w.restart();
        RamWorker.await("the finish", () -> w.worker.store().owedFinish(NAME).isEmpty());

        assertThat(w.ram.keyIds(USER)).containsExactly(v2.get("AccessKeyId").asText());
        assertThat(works(v1)).as("the old key is deleted").isFalse();
        assertThat(works(w.value(NAME, null))).isTrue();
        assertThat(w.worker.store().find(NAME).orElseThrow().lastError()).isNull();
    }

    @Test
    void rotateNowWithAShortWindowFromTheAdminApi() throws Exception {
        Credential k1 = w.ram.addKey(USER);
        Credential unused = w.ram.addKey(USER);
        createAliceSecret(k1, unused);
        // (SecretData must list both keys; the newest Active one is chosen, the other is no stage's.)
        JsonNode v1 = w.value(NAME, null);
        String other = v1.get("AccessKeyId").asText().equals(k1.accessKeyId()) ? unused.accessKeyId()
                : k1.accessKeyId();

        HttpResponse<String> tooShort = w.adminRotate(NAME, "{\"VersionId\":\"r0\",\"OverlapWindow\":\"5m\"}");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("OverlapWindow");
        HttpResponse<String> queued = w.adminRotate(NAME, "{\"VersionId\":\"r1\",\"OverlapWindow\":\"10m\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        w.awaitCurrent(NAME, "r1");

        JsonNode v2 = w.value(NAME, null);
        secrets.add(v2.get("AccessKeySecret").asText());
        assertThat(w.ram.keyIds(USER)).as("the unused key made room").doesNotContain(other)
                .containsExactlyInAnyOrder(v1.get("AccessKeyId").asText(), v2.get("AccessKeyId").asText());
        Instant due = w.worker.store().owedFinish(NAME).orElseThrow().dueAt().orElseThrow();
        assertThat(due).isEqualTo(w.worker.store().find(NAME).orElseThrow().rotation().lastRotation()
                .plus(Duration.ofMinutes(10)));
        assertThat(works(v1)).isTrue();

        w.clock.advance(Duration.ofMinutes(11));
        w.worker.scheduler().sync(w.worker.store().find(NAME).orElseThrow());
        RamWorker.await("the finish", () -> w.worker.store().owedFinish(NAME).isEmpty());

        assertThat(w.ram.keyIds(USER)).containsExactly(v2.get("AccessKeyId").asText());
        assertThat(works(v1)).isFalse();
        assertThat(works(v2)).isTrue();
    }

    @Test
    void noAccessKeySecretInTheAuditTrailLogsOrErrors() throws Exception {
        Credential k1 = w.ram.addKey(USER);
        createAliceSecret(k1);
        w.sdk.rotateSecret(new RotateSecretRequest().setSecretName(NAME).setVersionId("r1"));
        w.awaitCurrent(NAME, "r1");
        secrets.add(w.value(NAME, null).get("AccessKeySecret").asText());
        // A rotation that fails on RAM, so that an error is recorded too: the management key loses its permission.
        w.clock.advance(Duration.ofHours(49));
        w.restart();
        RamWorker.await("the finish", () -> w.worker.store().owedFinish(NAME).isEmpty());
        w.ram.addUser("rotator-admin", java.util.Set.of("ListAccessKeys"));
        w.requestRotation(NAME); // once the first run, whose finish just ran, has ended
        RamWorker.await("the failure", () -> w.worker.store().find(NAME).orElseThrow().lastError() != null);
        String rotationState = w.adminGet(NAME, "rotation");
        String events = w.adminGet(NAME, "events");
        String describe = String.valueOf(w.sdk.describeSecret(new DescribeSecretRequest().setSecretName(NAME))
                .getBody().toMap());

        for (String s : secrets) {
            assertThat(List.of(rotationState, events, describe)).as("no AccessKeySecret in the API's answers")
                    .noneMatch(text -> text.contains(s));
        }
        assertThat(events).contains("finish", "promote", "Forbidden.NoPermission", "ram:CreateAccessKey");
        assertThat(rotationState).contains("Forbidden.NoPermission");
        assertThat(events).contains("finish", "promote");
    }
}
