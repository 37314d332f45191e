package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.Stages;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.service.VersionPage;
import dev.rotator.core.validation.SecretRules;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.Params;

import java.util.List;
import java.util.Map;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;
import static dev.rotator.worker.api.openapi.secrets.SecretWire.time;

/** ListSecretVersionIds: versions oldest first; those without a label only with IncludeDeprecated=true. */
final class ListSecretVersionIdsAction extends SecretAction {
    ListSecretVersionIdsAction(SecretService secrets, SecretNames names) {
        super(secrets, names);
    }

    @Override
    public String name() {
        return "ListSecretVersionIds";
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        String name = names.of(p);
        boolean includeDeprecated = p.bool("IncludeDeprecated", false);
        int pageNumber = p.integer("PageNumber", 1, Integer.MAX_VALUE, 1);
        int pageSize = p.integer("PageSize", 1, SecretRules.MAX_PAGE_SIZE, SecretService.VERSION_PAGE_SIZE);
        VersionPage page = secrets.listVersions(name, includeDeprecated, pageNumber, pageSize);
        List<Map<String, Object>> versions = page.versions().stream().map(v -> fields("VersionId", v.versionId(),
                "CreateTime", time(v.createTime()), "VersionStages", SecretWire.versionStages(Stages.ordered(v.stages()))))
                .toList();
        return fields("SecretName", page.secretName(), "PageNumber", page.pageNumber(), "PageSize", page.pageSize(),
                "TotalCount", Math.toIntExact(page.totalCount()), "VersionIds", Map.of("VersionId", versions));
    }
}
