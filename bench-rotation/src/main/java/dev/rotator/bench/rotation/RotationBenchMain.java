package dev.rotator.bench.rotation;

import dev.rotator.bench.rotation.rds.RdsBenchCase;
import dev.rotator.bench.rotation.redis.RedisBenchCase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rotation benchmark's command line (bench/rotation.sh runs it, with the throwaway servers' variables set):
 * <pre>
 *   [--rotations 200] [--warmup 20] [--engines mariadb,postgresql,redis] [--store postgresql|h2] [--out raw.tsv]
 *   [--count-store-round-trips N]   (instead of timing: the store's round trips per rotation, over N pairs)
 * </pre>
 * Prints the markdown table of docs/benchmarks.md ("Rotation: engine vs floor (RDS)") on stdout, progress on stderr.
 * Exits 1 when a rotation fails or the floor's statements differ from the rotator's.
 */
public final class RotationBenchMain {
    private static final String USAGE = "[--rotations 200] [--warmup 20] "
            + "[--engines mariadb,postgresql,redis] [--store postgresql|h2] [--out raw.tsv]";
    /** The target: the engine's median within this factor of the floor's. */
    static final double TARGET_RATIO = 1.2;

    private RotationBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = BenchFlags.parse(args, USAGE);
        int rotations = Integer.parseInt(flags.getOrDefault("rotations", "200"));
        int warmup = Integer.parseInt(flags.getOrDefault("warmup", "20"));
        List<String> engines = List.of(flags.getOrDefault("engines", "mariadb,postgresql").split(","));
        BenchStore.Kind kind = BenchStore.Kind.parse(flags.getOrDefault("store", "postgresql"));
        if (rotations < 1 || warmup < 0) {
            throw new IllegalArgumentException("--rotations must be at least 1 and --warmup at least 0");
        }
        int count = Integer.parseInt(flags.getOrDefault("count-store-round-trips", "0"));
        List<SideBySide.Result> results = new ArrayList<>();
        List<StoreRoundTrips.Count> counts = new ArrayList<>();
        String store;
        try (BenchStore bench = BenchStore.open(kind, count > 0)) {
            store = bench.toString();
            for (String engine : engines) {
                String target = engine.trim().toLowerCase(Locale.ROOT);
                try (RotationCase c = target.equals("redis") ? RedisBenchCase.open(bench)
                        : RdsBenchCase.open(target, bench)) {
                    if (count > 0) {
                        counts.add(StoreRoundTrips.of(c, bench, count, System.err));
                    } else {
                        results.add(SideBySide.run(c, warmup, rotations, System.err));
                    }
                }
            }
        }
        if (count > 0) {
            System.out.print(countTable(counts, store));
            return;
        }
        if (flags.containsKey("out")) {
            SideBySide.writeRaw(Path.of(flags.get("out")), results);
        }
        System.out.print(table(results, store));
    }

    static String table(List<SideBySide.Result> results, String store) {
        StringBuilder out = new StringBuilder("Store: " + store + ".\n\n");
        out.append("| target | rotations | engine median ms | engine p90 ms | floor median ms | floor p90 ms "
                + "| engine / floor (medians) | target ≤ " + TARGET_RATIO + " × | JVM CPU ms engine / floor (medians) "
                + "| load 1m (start → end) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
        for (SideBySide.Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.2f / %.2f "
                            + "| %s → %s |%n",
                    r.name(), r.engine().nanos().length, r.engine().medianMillis(), r.engine().p90Millis(),
                    r.floor().medianMillis(), r.floor().p90Millis(), r.ratio(),
                    r.ratio() <= TARGET_RATIO ? "met" : "**not met**", r.engineCpu().medianMillis(),
                    r.floorCpu().medianMillis(), r.loadAtStart(), r.loadAtEnd()));
        }
        return out.toString();
    }

    static String countTable(List<StoreRoundTrips.Count> counts, String store) {
        StringBuilder out = new StringBuilder("Store: " + store + ".\n\n");
        out.append("| target | store round trips per engine rotation | per floor rotation |\n|---|---:|---:|\n");
        for (StoreRoundTrips.Count c : counts) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", c.name(), c.engine(), c.floor()));
        }
        return out.toString();
    }

}
