package dev.rotator.worker.api.admin;

import dev.rotator.core.RotationError;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.Secret;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.validation.SecretRules;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /admin/v1/secrets/{name}/rotation}: a secret's rotation as the store says it is now: the policy and
 * its times, the last error, the version in flight, who holds the rotation lock, a finish step still owed, and
 * every version with its stages. Values never.
 */
final class RotationStateResource {
    private final SecretService secrets;
    private final SecretStore store;
    private final Clock clock;

    RotationStateResource(SecretService secrets, SecretStore store, Clock clock) {
        this.secrets = secrets;
        this.store = store;
        this.clock = clock;
    }

    AdminReply get(AdminRequest request) {
        request.onlyParams(Set.of());
        Secret secret = secrets.describe(request.subject());
        String name = secret.name();
        RotationPolicy policy = secret.rotation();
        List<VersionInfo> versions = store.versions(name);
        Map<String, Object> pending = versions.stream().filter(v -> v.has(Stages.PENDING)).findFirst()
                .map(v -> AdminReply.fields("VersionId", v.versionId(), "CreateTime", AdminReply.time(v.createTime())))
                .orElse(null);
        Map<String, Object> lock = store.rotationLock(name, clock.instant())
                .map(l -> AdminReply.fields("Owner", l.owner(), "ExpiresAt", AdminReply.time(l.expiresAt())))
                .orElse(null);
        Optional<SecretStore.OwedFinish> owed = store.owedFinish(name);
        return AdminReply.ok(AdminReply.fields(
                "SecretName", name,
                "SecretType", secret.type().wireName(),
                "AutomaticRotation", policy.state().name(),
                "RotationInterval", policy.interval() == null ? null : SecretRules.formatInterval(policy.interval()),
                "NextRotationDate", AdminReply.time(policy.nextRotation()),
                "LastRotationDate", AdminReply.time(policy.lastRotation()),
                "LastError", lastError(secret.lastError()),
                "Pending", pending,
                "Lock", lock,
                "FinishOwed", owed.map(SecretStore.OwedFinish::versionId).orElse(null),
                // A promoted rotation waiting for its finish (RAM's overlap window): in progress until then.
                "FinishDueAt", owed.flatMap(SecretStore.OwedFinish::dueAt).map(AdminReply::time).orElse(null),
                "Versions", versions.stream().map(RotationStateResource::version).toList()));
    }

    private static Map<String, Object> lastError(RotationError error) {
        return error == null ? null : AdminReply.fields("Code", error.code(), "Message", error.message(),
                "Step", error.step(), "Time", AdminReply.time(error.at()));
    }

    private static Map<String, Object> version(VersionInfo v) {
        return AdminReply.fields("VersionId", v.versionId(), "CreateTime", AdminReply.time(v.createTime()),
                "VersionStages", Stages.ordered(v.stages()));
    }
}
