package dev.rotator.worker.api.admin;

import dev.rotator.core.service.RotateResult;
import dev.rotator.core.service.SecretService;

import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /admin/v1/secrets/{name}/rotate} with {@code {"VersionId"?, "OverlapWindow"?}}: rotate-now, queued
 * on the scheduler; 202 at once. The rules are RotateSecret's ({@link SecretService#rotate(String, String, String)}).
 */
final class RotateResource {
    private static final Set<String> FIELDS = Set.of("VersionId", "OverlapWindow");

    private final SecretService secrets;

    RotateResource(SecretService secrets) {
        this.secrets = secrets;
    }

    AdminReply rotate(AdminRequest request) {
        request.onlyParams(Set.of());
        JsonBody body = request.json(FIELDS);
        String versionId = body.text("VersionId").orElseGet(() -> UUID.randomUUID().toString());
        RotateResult result = secrets.rotate(request.subject(), versionId, body.text("OverlapWindow").orElse(null));
        return AdminReply.accepted(AdminReply.fields("SecretName", result.secretName(), "VersionId", result.versionId()));
    }
}
