package dev.rotator.worker.api.admin;

import dev.rotator.core.spi.Target;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/v1/targets}: the configured targets with where they are, never their settings as a whole
 * (a target's settings may name its management credential).
 */
final class TargetsResource {
    private final TargetDirectory targets;

    TargetsResource(TargetDirectory targets) {
        this.targets = targets;
    }

    AdminReply list(AdminRequest request) {
        request.onlyParams(Set.of());
        List<Map<String, Object>> out = targets.targets().stream().map(TargetsResource::describe).toList();
        return AdminReply.ok(AdminReply.fields("Targets", out));
    }

    private static Map<String, Object> describe(Target target) {
        return AdminReply.fields("Id", target.id(), "Type", target.kind(),
                "Host", target.setting("host").orElse(null), "Port", target.setting("port").orElse(null));
    }
}
