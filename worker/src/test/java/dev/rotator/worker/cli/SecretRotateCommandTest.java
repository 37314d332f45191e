package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotator.worker.cli.FakeWorker.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rotator secret rotate}: the request (SDK RotateSecret, or /admin/v1 with an overlap window) and
 * {@code --wait}, against a stand-in that serves the /admin/v1 events contract: {@code limit=N} newest
 * first, {@code after=<Id>} oldest first, and releases one more event of the rotation at each look.
 */
class SecretRotateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "db/app+1";
    private static final String PATH = "/admin/v1/secrets/db/app%2B1";

    @TempDir
    Path dir;

    private FakeWorker worker;
    /** Events in the store: those before the rotation, then those released one look at a time. */
    private final List<ObjectNode> stored = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> script = new CopyOnWriteArrayList<>();
    private final List<String> afters = new CopyOnWriteArrayList<>();
    private final AtomicBoolean rotationRequested = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        worker = FakeWorker.http();
        // An earlier rotation's events, which --wait must not print.
        stored.add(event(1, "old-token", "create", "Success", 10, null, null));
        stored.add(event(2, "old-token", "rotation", "Success", 50, null, null));
        stored.add(event(3, "old-token", "finish", "Success", 5, null, null));
        worker.kms("RotateSecret", call -> {
            rotationRequested.set(true);
            return Reply.ok("{\"SecretName\":\"" + NAME + "\",\"VersionId\":\"" + call.params().get("VersionId") + "\"}");
        });
        worker.admin("GET", PATH + "/events", this::events);
        worker.admin("GET", PATH + "/rotation", call -> Reply.ok("""
                {"SecretName":"db/app+1","Pending":null,"Versions":[{"VersionId":"done-before","VersionStages":["ACSCurrent"]}]}"""));
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    private Reply events(FakeWorker.Call call) {
        String after = param(call.rawQuery(), "after");
        ArrayNode out = JSON.createArrayNode();
        if (after == null) {
            int limit = Integer.parseInt(param(call.rawQuery(), "limit"));
            List<ObjectNode> newestFirst = new ArrayList<>(stored);
            Collections.reverse(newestFirst);
            newestFirst.stream().limit(limit).forEach(out::add);
        } else {
            afters.add(after);
            // The rotation moves on by one event between two looks, once it was asked for.
            if (rotationRequested.get() && !script.isEmpty()) {
                stored.add(script.remove(0));
            }
            long from = Long.parseLong(after);
            stored.stream().filter(e -> e.get("Id").asLong() > from).forEach(out::add);
        }
        ObjectNode body = JSON.createObjectNode().put("RequestId", "r");
        body.set("Events", out);
        return Reply.ok(body.toString());
    }

    private static String param(String rawQuery, String name) {
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static ObjectNode event(long id, String token, String step, String outcome, long ms, String code, String message) {
        ObjectNode e = JSON.createObjectNode().put("Id", id).put("Token", token).put("Step", step).put("Outcome", outcome)
                .put("DurationMs", ms).put("Time", "2026-12-01T10:00:0" + (id % 10) + "Z");
        if (code != null) {
            e.put("ErrorCode", code).put("ErrorMessage", message);
        }
        return e;
    }

    private CliRun rotate(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("secret", "rotate", NAME, "--poll-interval", "5ms"));
        args.addAll(List.of(extra));
        return CliRun.against(worker, dir, args.toArray(String[]::new));
    }

    @Test
    void waitPrintsEachStepAsItHappensAndExitsZeroOnSuccess() throws Exception {
        script.addAll(List.of(event(4, "t-1", "create", "Success", 12, null, null),
                event(5, "t-1", "set", "Retry", 30, "Rejected.RotationFailed", "set step failed: connection reset"),
                event(6, "t-1", "set", "Success", 25, null, null),
                event(7, "t-1", "test", "Success", 40, null, null),
                event(8, "t-1", "promote", "Success", 3, null, null),
                event(9, "t-1", "rotation", "Success", 140, null, null),
                event(10, "t-1", "finish", "Success", 2, null, null)));

        CliRun r = rotate("--version-id", "t-1", "--wait");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                Rotation of db/app+1 requested: version t-1
                2026-12-01T10:00:04Z  create    Success      12 ms
                2026-12-01T10:00:05Z  set       Retry        30 ms  Rejected.RotationFailed: set step failed: connection reset
                2026-12-01T10:00:06Z  set       Success      25 ms
                2026-12-01T10:00:07Z  test      Success      40 ms
                2026-12-01T10:00:08Z  promote   Success       3 ms
                2026-12-01T10:00:09Z  rotation  Success     140 ms
                2026-12-01T10:00:00Z  finish    Success       2 ms
                Rotated db/app+1: version t-1 is ACSCurrent
                """);
        assertThat(worker.kmsCalls("RotateSecret")).singleElement()
                .satisfies(c -> assertThat(c.params()).containsEntry("SecretName", NAME).containsEntry("VersionId", "t-1"));
        // Followed from the newest event before the request, each look from the last event seen.
        assertThat(afters.get(0)).isEqualTo("3");
        assertThat(afters).isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        assertThat(afters).contains("4", "9");
        // The Basic credentials of the admin API are the key file's AccessKey.
        String basic = "Basic " + Base64.getEncoder().encodeToString((CliRun.KEY_ID + ":" + CliRun.KEY_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(worker.adminCalls()).allSatisfy(c -> assertThat(c.authorization()).isEqualTo(basic));
        assertThat(r.all()).doesNotContain(CliRun.KEY_SECRET);
    }

    @Test
    void aFailedRotationNamesTheStepAndTheErrorAndExitsSeven() throws Exception {
        script.addAll(List.of(event(4, "t-2", "create", "Success", 12, null, null),
                event(5, "t-2", "test", "Failure", 30, "Rejected.RotationFailed", "test step failed: login refused"),
                event(6, "t-2", "rotation", "Failure", 45, "Rejected.RotationFailed", "test step failed: login refused")));

        CliRun r = rotate("--version-id", "t-2", "--wait");

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.out()).contains("test      Failure      30 ms  Rejected.RotationFailed: test step failed: login refused")
                .doesNotContain("Rotated");
        assertThat(r.err()).isEqualTo("error: the rotation of db/app+1 failed at step test: Rejected.RotationFailed: "
                + "test step failed: login refused\n");
    }

    @Test
    void noOutcomeWithinTheTimeoutExitsEightAndSaysItMayStillRun() throws Exception {
        script.add(event(4, "t-3", "create", "Success", 12, null, null));

        long started = System.nanoTime();
        CliRun r = rotate("--wait", "--timeout", "300ms");

        assertThat(r.exitCode()).isEqualTo(8);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until it gave up").isBetween(300L, 10_000L);
        assertThat(r.out()).contains("create    Success");
        assertThat(r.err()).isEqualTo("error: no outcome of the rotation of db/app+1 within 0.3s; it may still be running: "
                + "`rotator secret describe db/app+1` shows its state\n");
        // Without --version-id, a fresh UUID.
        assertThat(worker.kmsCalls("RotateSecret").get(0).params().get("VersionId")).hasSize(36);
    }

    @Test
    void anEventOfAResumedRotationShowsItsVersionAndStillEndsTheWait() throws Exception {
        script.addAll(List.of(event(4, "left-pending", "create", "Resumed", 0, null, null),
                event(5, "left-pending", "rotation", "Success", 20, null, null)));

        CliRun r = rotate("--version-id", "mine", "--wait");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("create    Resumed       0 ms  (version left-pending)")
                .contains("Rotated db/app+1: version left-pending is ACSCurrent")
                .contains("The finish step (clean-up) has not reported yet");
    }

    @Test
    void aVersionIdThatAlreadyExistsDoesNothingAndIsNotWaitedFor() throws Exception {
        CliRun r = rotate("--version-id", "done-before", "--wait", "--timeout", "30s");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).endsWith("Version done-before already exists: the rotation it names has run, nothing to wait for\n");
        assertThat(afters).isEmpty();
    }

    @Test
    void anOverlapWindowGoesThroughTheAdminApiAndNotTheSdk() throws Exception {
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        worker.admin("POST", PATH + "/rotate", call -> {
            try {
                bodies.add(JSON.readTree(call.body()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Reply(202, "{\"RequestId\":\"r\",\"SecretName\":\"" + NAME + "\",\"VersionId\":\"t-9\"}");
        });

        CliRun r = rotate("--version-id", "t-9", "--overlap-window", "2h");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Rotation of db/app+1 requested: version t-9\n");
        assertThat(bodies).singleElement().isEqualTo(JSON.readTree("{\"VersionId\":\"t-9\",\"OverlapWindow\":\"2h\"}"));
        assertThat(worker.kmsCalls("RotateSecret")).isEmpty();
    }

    @Test
    void aRotationAlreadyRunningIsAConflict() throws Exception {
        worker.kms("RotateSecret", Reply.error(409, "Rejected.SecretRotating",
                "Your secret is being rotated, please try again later"));
        CliRun r = rotate("--wait");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).isEqualTo("error: Rejected.SecretRotating: Your secret is being rotated, please try again later\n");
    }

    @Test
    void badDurationsAreUsageErrorsBeforeAnythingIsSent() throws Exception {
        CliRun r = rotate("--wait", "--timeout", "soon");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--timeout must be a duration");
        assertThat(worker.calls()).isEmpty();
    }
}
