package dev.rotator.worker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.Target;
import dev.rotator.core.spi.TargetKind;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.core.validation.SecretRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * {@code POST /admin/v1/targets/{id}/secrets} with {@code {"Secrets":[...]}}: Create Bulk Secrets, several Redis
 * secrets on one redis target in one call, all or none ({@link SecretService#createBulk}). 201 lists each secret
 * made with its accounts; never a value.
 */
final class BulkSecretsResource {
    private static final Logger LOG = LoggerFactory.getLogger(BulkSecretsResource.class);
    private static final String EXAMPLE = "[{\"SecretName\":\"redis/app\",\"ExtendedConfig\":{\"AccountName\":\"app\","
            + "\"AccountPrivilege\":\"RoleReadWrite\"}}]";
    /** The kinds whose rotator checks and undoes what it makes (preflight, deprovision): Redis only, so far. */
    private static final Set<TargetKind> BULK_KINDS = Set.of(TargetKind.REDIS);

    private final SecretService secrets;
    private final TargetDirectory targets;

    BulkSecretsResource(SecretService secrets, TargetDirectory targets) {
        this.secrets = secrets;
        this.targets = targets;
    }

    AdminReply create(AdminRequest request) {
        request.onlyParams(Set.of());
        Target target = targets.targets().stream().filter(t -> t.id().equals(request.subject())).findFirst()
                .orElseThrow(() -> new RotatorException(ErrorCode.RESOURCE_NOT_FOUND, "TargetId: target '"
                        + request.subject() + "' is not declared in the worker's configuration"));
        TargetKind kind = TargetKind.fromId(target.kind()).filter(BULK_KINDS::contains).orElseThrow(() -> invalid(
                "TargetId", "'" + target.id() + "' is a " + target.kind() + " target; Create Bulk Secrets makes "
                        + "Redis secrets, on targets of kind redis"));
        List<JsonNode> entries = request.json(Set.of("Secrets")).requiredArray("Secrets", EXAMPLE);
        List<NewSecretRequest> asked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            asked.add(BulkSecretEntry.read(i, entries.get(i), target.id(), kind));
        }
        List<Secret> made = secrets.createBulk(asked);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            Secret s = made.get(i);
            out.add(AdminReply.fields("SecretName", s.name(),
                    "VersionId", SecretRules.versionIdOrDefault(asked.get(i).versionId()),
                    "SecretType", s.type().wireName(), "ExtendedConfig", s.extendedConfig().asMap()));
        }
        LOG.info("{} secret(s) created on target '{}' by {}: {}", made.size(), target.id(),
                request.caller().accessKeyId(), made.stream().map(Secret::name).toList());
        return AdminReply.created(AdminReply.fields("TargetId", target.id(), "Secrets", out));
    }
}
