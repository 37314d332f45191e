package dev.rotator.core.service;

import dev.rotator.core.Secret;

import java.util.List;

/**
 * One page of ListSecrets. Each secret carries SecretName, SecretType, CreateTime, UpdateTime,
 * PlannedDeleteTime, and its tags when FetchTags was true (an empty tag list otherwise).
 *
 * @param totalCount the secrets matching the filters (and visible to the caller), on all pages
 */
public record SecretPage(int pageNumber, int pageSize, long totalCount, List<Secret> secrets) {
    public SecretPage {
        secrets = List.copyOf(secrets);
    }
}
