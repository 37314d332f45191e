package dev.rotator.worker.keys;

import java.util.List;
import java.util.Map;

/**
 * ListKeys' answer: {@code Keys: {Key: [{KeyId, KeyArn}]}}, PageNumber, PageSize, TotalCount.
 *
 * @param totalCount every key, not just this page's
 */
public record KeyPage(List<Entry> keys, int pageNumber, int pageSize, int totalCount) {

    public KeyPage {
        keys = List.copyOf(keys);
    }

    /** One {@code Keys.Key[]} element. */
    public record Entry(String keyId, String keyArn) {
    }

    /** The ListKeys body with the SDK's wire names, RequestId aside. */
    public Map<String, Object> toWire() {
        List<Map<String, Object>> entries = keys.stream().map(k -> Wire.of("KeyId", k.keyId(), "KeyArn", k.keyArn())).toList();
        return Wire.of("Keys", Map.of("Key", entries), "PageNumber", pageNumber, "PageSize", pageSize,
                "TotalCount", totalCount);
    }
}
