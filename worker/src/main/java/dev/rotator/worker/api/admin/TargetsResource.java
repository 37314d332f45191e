package dev.rotator.worker.api.admin;

import dev.rotator.core.spi.Target;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /admin/v1/targets}: the configured targets with their settings. Settings hold no credential (the
 * configuration takes only each kind's documented settings, and a target names the secret holding its management
 * credential), so they are shown whole, keys sorted.
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
        return AdminReply.fields("Id", target.id(), "Kind", target.kind(), "Settings", new TreeMap<>(target.settings()));
    }
}
