package dev.rotator.core.service;

import dev.rotator.core.VersionInfo;

import java.util.List;

/** One page of ListSecretVersionIds: versions oldest first, each with its CreateTime and labels. */
public record VersionPage(String secretName, int pageNumber, int pageSize, long totalCount,
                          List<VersionInfo> versions) {
    public VersionPage {
        versions = List.copyOf(versions);
    }
}
