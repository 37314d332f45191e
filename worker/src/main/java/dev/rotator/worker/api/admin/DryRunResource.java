package dev.rotator.worker.api.admin;

import dev.rotator.core.engine.DryRunResult;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.service.SecretService;

import java.util.Set;

/**
 * {@code POST /admin/v1/secrets/{name}/dry-run}: the rotator's test step alone on the ACSCurrent value
 * ({@link RotationEngine#dryRun}). A failing test is a 200 with Outcome Failure and the error; the token names
 * the dry run's audit event.
 */
final class DryRunResource {
    private final SecretService secrets;
    private final RotationEngine engine;

    DryRunResource(SecretService secrets, RotationEngine engine) {
        this.secrets = secrets;
        this.engine = engine;
    }

    AdminReply dryRun(AdminRequest request) {
        request.onlyParams(Set.of());
        request.json(Set.of());
        // The service's lookup first, so that a missing secret is refused as every other action refuses it.
        String name = secrets.describe(request.subject()).name();
        DryRunResult result = engine.dryRun(name);
        return AdminReply.ok(AdminReply.fields("SecretName", result.secretName(), "VersionId", result.versionId(),
                "Outcome", result.outcome(), "ErrorCode", result.errorCode(), "ErrorMessage", result.errorMessage(),
                "DurationMs", result.durationMillis(), "Token", result.token()));
    }
}
