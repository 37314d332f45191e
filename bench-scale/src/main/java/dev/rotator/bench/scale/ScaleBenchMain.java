package dev.rotator.bench.scale;

import dev.rotator.bench.rotation.BenchFlags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scale benchmark's command line (bench/scale.sh runs it, with the throwaway servers' variables set):
 * <pre>
 *   [--sizes 1000,10000,100000] [--seed-threads 8] [--sample 200] [--spread-ms 4000]
 * </pre>
 * Prints the markdown table of docs/benchmarks.md ("Scale") on stdout, progress on stderr. Exits 1 when a sampled
 * rotation did not start.
 */
public final class ScaleBenchMain {
    private static final String USAGE = "[--sizes 1000,10000,100000] [--seed-threads 8] "
            + "[--sample 200] [--spread-ms 4000]";
    static final double HEAP_TARGET_MB = 256;
    static final double START_TARGET_S = 10;
    static final double LAG_TARGET_MS = 2000;

    private ScaleBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = BenchFlags.parse(args, USAGE);
        int threads = Integer.parseInt(flags.getOrDefault("seed-threads", "8"));
        int sample = Integer.parseInt(flags.getOrDefault("sample", "200"));
        Duration spread = Duration.ofMillis(Long.parseLong(flags.getOrDefault("spread-ms", "4000")));
        List<ScaleRun.Result> results = new ArrayList<>();
        for (String size : flags.getOrDefault("sizes", "1000,10000,100000").split(",")) {
            int n = Integer.parseInt(size.trim());
            if (n < sample || threads < 1) {
                throw new IllegalArgumentException("--sizes: each at least --sample (" + sample
                        + "); --seed-threads at least 1");
            }
            System.err.printf("N = %d%n", n);
            results.add(ScaleRun.run(n, threads, sample, spread, System.err));
            System.err.println(row(results.get(results.size() - 1)));
        }
        System.out.print(table(results, sample, spread));
        if (results.stream().anyMatch(r -> r.late() > 0)) {
            System.exit(1);
        }
    }

    static String table(List<ScaleRun.Result> results, int sample, Duration spread) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Lag: %d secrets made due over %d ms, from "
                + "the due time to the rotation's first step. ListSecrets: PageSize 100, median of 25 calls through "
                + "the SDK.%n%n", sample, spread.toMillis()));
        out.append("| N | made /s (seeding) | start s (≤ " + (int) START_TARGET_S + ") | heap MB after GC (≤ "
                + (int) HEAP_TARGET_MB + ") | lag p50 ms | lag p99 ms (≤ " + (int) LAG_TARGET_MS + ") | lag max ms "
                + "| not started | ListSecrets first / middle / last page ms | load 1m 5m 15m (start → end) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        results.forEach(r -> out.append(row(r)).append('\n'));
        return out.toString();
    }

    private static String row(ScaleRun.Result r) {
        return String.format(Locale.ROOT, "| %d | %.0f | %.2f%s | %.1f%s | %.0f | %.0f%s | %.0f | %d | %.1f / %.1f / %.1f "
                        + "| %s → %s |", r.secrets(), r.seedPerSecond(), r.startSeconds(),
                mark(r.startSeconds() <= START_TARGET_S), r.heapMb(), mark(r.heapMb() <= HEAP_TARGET_MB),
                r.lagP50Ms(), r.lagP99Ms(), mark(r.lagP99Ms() <= LAG_TARGET_MS && r.late() == 0), r.lagMaxMs(),
                r.late(), r.firstPageMs(), r.middlePageMs(), r.lastPageMs(), r.loadStart(), r.loadEnd());
    }

    private static String mark(boolean met) {
        return met ? "" : " **not met**";
    }

}
