package dev.rotator.worker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotate-now, its state and audit trail, the overlap window and the dry run, as an operator sees them over HTTP. */
class AdminRotationTest extends AdminApiFixture {

    private List<String> steps(JsonNode events, String token) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events.get("Events")) {
            if (token.equals(e.get("Token").asText())) {
                out.add(e.get("Step").asText() + ":" + e.get("Outcome").asText());
            }
        }
        return out;
    }

    @Test
    void rotateNowAnswers202AndTheRotationRunsEveryStepOnTheScheduler() throws Exception {
        String name = rdsSecret(unique("db/orders"));
        String before = currentAccount(name);

        Answer queued = post("/admin/v1/secrets/" + name + "/rotate", "{\"VersionId\":\"rot-1\"}", admin);

        assertThat(queued.status()).as(queued.raw()).isEqualTo(202);
        assertThat(queued.body().get("SecretName").asText()).isEqualTo(name);
        assertThat(queued.body().get("VersionId").asText()).isEqualTo("rot-1");
        assertThat(queued.body().get("RequestId").asText()).isNotBlank();
        JsonNode state = awaitState(name, s -> rotatedTo(s, "rot-1"));
        assertThat(state.get("SecretType").asText()).isEqualTo("Rds");
        assertThat(state.get("AutomaticRotation").asText()).isEqualTo("Enabled");
        assertThat(state.get("RotationInterval").asText()).isEqualTo("21600s");
        assertThat(state.get("LastRotationDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(state.get("LastError").isNull()).isTrue();
        assertThat(state.get("Versions").toString()).contains("{\"VersionId\":\"v1\"").contains("[\"ACSPrevious\"]");
        assertThat(currentAccount(name)).as("dual account: the other one now").isNotEqualTo(before);
        assertThat(state.toString()).doesNotContain("Initial-pw");

        Answer events = get("/admin/v1/secrets/" + name + "/events?after=0", admin);
        assertThat(events.status()).isEqualTo(200);
        assertThat(steps(events.body(), "rot-1")).containsExactly("create:Success", "set:Success", "test:Success",
                "promote:Success", "rotation:Success", "finish:Success");
        int eventCount = events.body().get("Events").size();

        // The same VersionId again: the same answer, and nothing more happens.
        Answer again = post("/admin/v1/secrets/" + name + "/rotate", "{\"VersionId\":\"rot-1\"}", admin);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("VersionId").asText()).isEqualTo("rot-1");
        Thread.sleep(300);
        assertThat(worker.store().versions(name)).hasSize(2);
        assertThat(get("/admin/v1/secrets/" + name + "/events?after=0", admin).body().get("Events")).hasSize(eventCount);
    }

    @Test
    void withoutAVersionIdTheRotationGetsAUuid() throws Exception {
        String name = rdsSecret(unique("db/uuid"));
        Answer queued = post("/admin/v1/secrets/" + name + "/rotate", "", admin);
        assertThat(queued.status()).as(queued.raw()).isEqualTo(202);
        String versionId = queued.body().get("VersionId").asText();
        assertThat(versionId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        awaitState(name, s -> rotatedTo(s, versionId));
    }

    @Test
    void aSecondRotateWhileOneRunsIsRefusedAndTheFirstStillCompletes() throws Exception {
        String name = rdsSecret(unique("db/busy"));
        rds.failAt(Point.SET_BEFORE, 2, "target busy"); // the set step is retried a second apart, twice

        Answer first = post("/admin/v1/secrets/" + name + "/rotate", "{\"VersionId\":\"first\"}", admin);
        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        JsonNode running = awaitState(name, s -> !s.get("Pending").isNull());
        assertThat(running.get("Pending").get("VersionId").asText()).isEqualTo("first");

        Answer second = post("/admin/v1/secrets/" + name + "/rotate", "{\"VersionId\":\"second\"}", admin);
        assertRefused(second, 409, "Rejected.SecretRotating", "Your secret is being rotated");
        Answer sameAgain = post("/admin/v1/secrets/" + name + "/rotate", "{\"VersionId\":\"first\"}", admin);
        assertThat(sameAgain.status()).as("the same VersionId while it runs").isEqualTo(202);

        awaitState(name, s -> rotatedTo(s, "first"));
        assertThat(worker.store().versions(name)).extracting(VersionInfo::versionId).containsExactly("v1", "first");
        assertThat(steps(get("/admin/v1/secrets/" + name + "/events?after=0", admin).body(), "first"))
                .containsSubsequence("set:Retry", "set:Retry", "set:Success", "rotation:Success");
    }

    @Test
    void anOverlapWindowReachesTheRamRotatorsStepsAndIsRefusedOutOfRangeOrForOtherTypes() throws Exception {
        String ramName = ramSecret();
        String rdsName = rdsSecret(unique("db/overlap"));

        assertRefused(post("/admin/v1/secrets/" + rdsName + "/rotate", "{\"OverlapWindow\":\"2h\"}", admin), 400,
                "InvalidParameter", "OverlapWindow: applies to RAMCredentials secrets only");
        assertRefused(post("/admin/v1/secrets/" + ramName + "/rotate", "{\"OverlapWindow\":\"9m\"}", admin), 400,
                "InvalidParameter", "OverlapWindow: must be between 10m and 2d");
        assertRefused(post("/admin/v1/secrets/" + ramName + "/rotate", "{\"OverlapWindow\":\"3d\"}", admin), 400,
                "InvalidParameter", "OverlapWindow: must be between 10m and 2d");
        assertRefused(post("/admin/v1/secrets/" + ramName + "/rotate", "{\"OverlapWindow\":\"two hours\"}", admin),
                400, "InvalidParameter", "OverlapWindow: must be digits");
        Thread.sleep(300);
        assertThat(worker.store().versions(rdsName)).as("refusals queue nothing").hasSize(1);
        assertThat(worker.store().versions(ramName)).hasSize(1);
        assertThat(ram.calls(Point.CREATE)).isZero();

        Answer queued = post("/admin/v1/secrets/" + ramName + "/rotate",
                "{\"VersionId\":\"ram-1\",\"OverlapWindow\":\"2h\"}", admin);
        assertThat(queued.status()).as(queued.raw()).isEqualTo(202);
        awaitState(ramName, s -> rotatedTo(s, "ram-1"));
        assertThat(ram.options).containsOnlyKeys(Point.CREATE, Point.SET_BEFORE, Point.TEST, Point.FINISH);
        assertThat(ram.options.values()).containsOnly(RotationOptions.overlap(Duration.ofHours(2)));
    }

    @Test
    void genericSecretsAreNeitherRotatedNorDryRun() throws Exception {
        String name = genericSecret(unique("app/config"));
        assertRefused(post("/admin/v1/secrets/" + name + "/rotate", "{}", admin), 400, "InvalidParameter",
                "SecretType");
        assertRefused(post("/admin/v1/secrets/" + name + "/dry-run", "", admin), 400, "InvalidParameter", "SecretType");
        assertThat(worker.store().versions(name)).hasSize(1);
        assertThat(worker.store().events(name, 10)).isEmpty();
    }

    @Test
    void aDryRunTestsTheCurrentCredentialAndFailsWhenItWasChangedBehindTheRotatorsBack() throws Exception {
        String name = rdsSecret(unique("db/dry"));
        List<VersionInfo> versions = worker.store().versions(name);

        Answer ok = post("/admin/v1/secrets/" + name + "/dry-run", "", admin);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.body().get("SecretName").asText()).isEqualTo(name);
        assertThat(ok.body().get("VersionId").asText()).isEqualTo("v1");
        assertThat(ok.body().get("Outcome").asText()).isEqualTo("Success");
        assertThat(ok.body().get("ErrorCode").isNull()).isTrue();
        assertThat(ok.body().get("DurationMs").isIntegralNumber()).isTrue();

        String account = currentAccount(name);
        rds.accounts.put(account, "Changed-by-hand-42");
        Answer failed = post("/admin/v1/secrets/" + name + "/dry-run", "{}", admin);

        assertThat(failed.status()).as(failed.raw()).isEqualTo(200);
        assertThat(failed.body().get("Outcome").asText()).isEqualTo("Failure");
        assertThat(failed.body().get("ErrorCode").asText()).isEqualTo("Rejected.RotationFailed");
        assertThat(failed.body().get("ErrorMessage").asText()).contains("test step failed");
        assertThat(failed.raw()).doesNotContain("Initial-pw").doesNotContain("Changed-by-hand-42");
        assertThat(worker.store().versions(name)).as("a dry run changes no version or stage").isEqualTo(versions);
        assertThat(worker.store().find(name).orElseThrow().lastError()).isNull();

        JsonNode events = get("/admin/v1/secrets/" + name + "/events", admin).body().get("Events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("Token").asText()).isEqualTo(failed.body().get("Token").asText())
                .startsWith("dry-run-");
        assertThat(events.get(0).get("Step").asText()).isEqualTo("test");
        assertThat(events.get(0).get("Outcome").asText()).isEqualTo("Failure");
        assertThat(events.get(0).get("ErrorCode").asText()).isEqualTo("Rejected.RotationFailed");
        assertThat(events.get(1).get("Outcome").asText()).isEqualTo("Success");
    }

    @Test
    void eventsPageNewestFirstOrAfterAnIdOldestFirst() throws Exception {
        String name = rdsSecret(unique("db/paging"));
        post("/admin/v1/secrets/" + name + "/rotate", "{\"VersionId\":\"p1\"}", admin);
        awaitState(name, s -> rotatedTo(s, "p1"));
        String path = "/admin/v1/secrets/" + name + "/events";

        JsonNode newest = get(path + "?limit=2", admin).body().get("Events");
        assertThat(newest).hasSize(2);
        assertThat(newest.get(0).get("Step").asText()).isEqualTo("finish");
        assertThat(newest.get(0).get("Id").asLong()).isGreaterThan(newest.get(1).get("Id").asLong());
        assertThat(newest.get(0).get("Time").asText()).endsWith("Z");

        List<String> paged = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 10; page++) {
            JsonNode events = get(path + "?limit=2&after=" + after, admin).body().get("Events");
            if (events.isEmpty()) {
                break;
            }
            assertThat(events.size()).isLessThanOrEqualTo(2);
            for (JsonNode e : events) {
                assertThat(e.get("Id").asLong()).isGreaterThan(after);
                after = e.get("Id").asLong();
                paged.add(e.get("Step").asText());
            }
        }
        assertThat(paged).containsExactly("create", "set", "test", "promote", "rotation", "finish");
        assertThat(get(path + "?after=" + after, admin).body().get("Events")).isEmpty();
    }

    @Test
    void theStateOfASecretThatDoesNotExistIs404ForAnAdmin() throws Exception {
        assertRefused(get(rotationPath("db/" + unique("nothing")), admin), 404, "Forbidden.ResourceNotFound",
                "SecretName");
        assertRefused(post("/admin/v1/secrets/db/" + unique("nothing") + "/rotate", "", admin), 404,
                "Forbidden.ResourceNotFound", "SecretName");
        assertRefused(post("/admin/v1/secrets/db/" + unique("nothing") + "/dry-run", "", admin), 404,
                "Forbidden.ResourceNotFound", "SecretName");
    }
}
