package dev.rotator.worker.api.openapi.secrets;

import dev.rotator.core.Secret;
import dev.rotator.core.service.SecretPage;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.validation.SecretRules;
import dev.rotator.worker.api.openapi.Caller;
import dev.rotator.worker.api.openapi.KmsAction;
import dev.rotator.worker.api.openapi.Params;
import dev.rotator.worker.auth.Access;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.rotator.worker.api.openapi.secrets.SecretWire.fields;
import static dev.rotator.worker.api.openapi.secrets.SecretWire.time;

/**
 * ListSecrets: paging, Filters and FetchTags. A caller who is not an admin sees only the secrets it may read,
 * and they are filtered before counting and paging, so TotalCount and the pages are those of what it sees.
 */
final class ListSecretsAction implements KmsAction {
    private final SecretService secrets;

    ListSecretsAction(SecretService secrets) {
        this.secrets = secrets;
    }

    @Override
    public String name() {
        return "ListSecrets";
    }

    @Override
    public Access access(Params params) {
        return Access.listing();
    }

    @Override
    public Map<String, Object> handle(Params p, Caller caller) {
        int pageNumber = p.integer("PageNumber", 1, Integer.MAX_VALUE, 1);
        int pageSize = p.integer("PageSize", 1, SecretRules.MAX_PAGE_SIZE, SecretService.LIST_PAGE_SIZE);
        boolean fetchTags = p.bool("FetchTags", false);
        Predicate<Secret> visible = caller.principal().isAdmin() ? null : caller::canRead;
        SecretPage page = secrets.list(pageNumber, pageSize, p.optional("Filters").orElse(null), fetchTags, visible);
        List<Map<String, Object>> list = page.secrets().stream().map(s -> entry(s, fetchTags)).toList();
        return fields("PageNumber", page.pageNumber(), "PageSize", page.pageSize(),
                "TotalCount", Math.toIntExact(page.totalCount()), "SecretList", Map.of("Secret", list));
    }

    private static Map<String, Object> entry(Secret s, boolean fetchTags) {
        return fields("SecretName", s.name(), "SecretType", s.type().wireName(), "CreateTime", time(s.createTime()),
                "UpdateTime", time(s.updateTime()), "PlannedDeleteTime", time(s.plannedDeleteTime()),
                "Tags", fetchTags ? SecretWire.tags(s.tags()) : null);
    }
}
