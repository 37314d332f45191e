package dev.rotator.worker.cli;

import com.aliyun.kms20160120.models.RotateSecretRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rotator.worker.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code rotator secret rotate}: rotate-now of a managed secret. RotateSecret through the SDK, or
 * /admin/v1 when a RAM overlap window is asked for; {@code --wait} then follows the rotation's events.
 */
@Command(name = "rotate", description = "Rotate a managed secret now (RotateSecret). The worker answers at once; "
        + "--wait follows the rotation step by step until it ends.")
final class SecretRotateCommand extends SecretNameCommand {
    @Option(names = "--version-id", paramLabel = "ID", description = "The new version's id, which is also the "
            + "request's idempotency key: the same id again does nothing (default: a random UUID).")
    String versionId;

    @Option(names = "--overlap-window", paramLabel = "DURATION", description = "RAMCredentials only: how long the "
            + "old AccessKey keeps working after the new one is current, 10m to 2d (through /admin/v1).")
    String overlapWindow;

    @Option(names = "--wait", description = "Print each step (create, set, test, promote, finish) as it happens, "
            + "and exit 0 if the rotation succeeds, 7 if it fails, 8 after --timeout.")
    boolean waitForIt;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "With --wait: how long to wait for the outcome (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "1s", hidden = true,
            description = "With --wait: time between two looks at the events.")
    String pollInterval;

    @Override
    int run(WorkerConnection worker) {
        Duration limit = duration("--timeout", timeout);
        Duration poll = duration("--poll-interval", pollInterval);
        String token = versionId != null ? versionId : UUID.randomUUID().toString();
        RotationWatcher watcher = null;
        String after = null;
        boolean alreadyDone = false;
        if (waitForIt) {
            watcher = new RotationWatcher(worker.admin(), name, out(), err(), poll);
            // Read before the request, so that no event of this rotation can come before the mark.
            after = watcher.lastEventId();
            alreadyDone = versionId != null && watcher.versionExistsAndIsNotPending(token);
        }
        String accepted = overlapWindow != null ? rotateWithOverlap(worker, token) : rotate(worker, token);
        out().println("Rotation of " + name + " requested: version " + accepted);
        out().flush();
        if (!waitForIt) {
            return ExitCode.OK;
        }
        if (alreadyDone) {
            out().println("Version " + accepted + " already exists: the rotation it names has run, nothing to wait for");
            return ExitCode.OK;
        }
        return watcher.follow(accepted, after, limit);
    }

    private String rotate(WorkerConnection worker, String token) {
        RotateSecretRequest request = new RotateSecretRequest().setSecretName(name).setVersionId(token);
        String id = worker.kms(c -> c.rotateSecret(request)).getBody().getVersionId();
        return id != null ? id : token;
    }

    private String rotateWithOverlap(WorkerConnection worker, String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("VersionId", token);
        body.put("OverlapWindow", overlapWindow);
        JsonNode answer = worker.admin().post("/secrets/" + AdminClient.pathOf(name) + "/rotate", body);
        return answer.hasNonNull("VersionId") ? answer.get("VersionId").asText() : token;
    }

    private Duration duration(String option, String text) {
        try {
            Duration d = Durations.parse(option, text);
            if (d.isZero()) {
                throw usage(option + " must be more than 0, got '" + text + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
