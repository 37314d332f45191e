package dev.rotator.worker.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Label values as a series key: checked against the label names, null read as empty. */
final class Labels {
    /** Sorts series by their label values, so a scrape reads the same way every time. */
    static final Comparator<List<String>> ORDER = (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));

    private Labels() {
    }

    static List<String> of(String metric, List<String> labelNames, String[] labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException("metric " + metric + " takes the labels " + labelNames + ", got "
                    + labelValues.length + " values");
        }
        return Arrays.stream(labelValues).map(v -> v == null ? "" : v).toList();
    }
}
