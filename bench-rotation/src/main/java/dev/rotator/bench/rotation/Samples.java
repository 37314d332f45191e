package dev.rotator.bench.rotation;

import java.util.Arrays;

/** Times of one side, in nanoseconds, with the nearest-rank percentiles the table shows. */
public record Samples(long[] nanos) {

    public double medianMillis() {
        return percentileMillis(50);
    }

    public double p90Millis() {
        return percentileMillis(90);
    }

    private double percentileMillis(int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
