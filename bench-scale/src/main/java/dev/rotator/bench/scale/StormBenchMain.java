package dev.rotator.bench.scale;

import dev.rotator.bench.rotation.BenchFlags;
import java.util.Locale;
import java.util.Map;

/**
 * The storm benchmark's command line (bench/storm.sh runs it, with the throwaway servers' variables set):
 * <pre>
 *   [--secrets 5000] [--warmup min(1000, secrets / 5)] [--seed-threads 8] [--lead-ms 0 (auto)] [--scheduler-threads 0 (the worker's default)]
 *   [--count-round-trips false]
 * </pre>
 * Prints the markdown table of docs/benchmarks.md ("Storm") on stdout, progress on stderr. Exits 1 when a rotation
 * failed, a secret did not rotate exactly once, or the run gave up waiting.
 */
public final class StormBenchMain {
    private static final String USAGE = "[--secrets 5000] [--warmup N] [--seed-threads 8] [--lead-ms N] "
            + "[--scheduler-threads N] [--count-round-trips true]";
    static final double TARGET = 0.8;

    private StormBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = BenchFlags.parse(args, USAGE);
        int n = positive(flags, "secrets", 5000);
        int seedThreads = positive(flags, "seed-threads", 8);
        int warmup = Integer.parseInt(flags.getOrDefault("warmup", Integer.toString(Math.min(1000, n / 5))));
        int threads = Integer.parseInt(flags.getOrDefault("scheduler-threads", "0"));
        long lead = Long.parseLong(flags.getOrDefault("lead-ms", "0"));
        // Making a secret due is a store update and a Quartz reschedule: a few ms each from 8 callers, and more on a
        // loaded machine; the due time is put far enough ahead that all are made due before it.
        long leadMs = lead > 0 ? lead : 10_000 + 6L * n;
        boolean count = Boolean.parseBoolean(flags.getOrDefault("count-round-trips", "false"));
        StormRun.Result r = StormRun.run(n, warmup, seedThreads, threads, leadMs, count, System.err);
        System.out.print(table(r));
        StormRun.Storm s = r.storm();
        boolean clean = s.failed() == 0 && s.notEnabled() == 0 && s.rotatedOnce() == n && s.rotations() == n
                && s.versions() == 2 * n && s.rescheduled() == n && r.floorBefore().failed() == 0
                && r.floorAfter().failed() == 0 && r.engineAlone().failed() == 0;
        System.exit(clean ? 0 : 1);
    }

    static String table(StormRun.Result r) {
        int n = r.secrets();
        StormRun.Storm s = r.storm();
        double floorRate = (r.floorBefore().perSecond(n) + r.floorAfter().perSecond(n)) / 2;
        double ratio = s.perSecond(n) / floorRate;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d Redis DoubleUsers secrets due at one "
                        + "instant, after a warm-up (floor and storm) of %d; %d scheduler threads (the floor: as many threads), store pool %d; made through "
                        + "CreateSecret at %.0f secrets/s (with their %d twins), made due at %.0f /s, due %d ms "
                        + "after the first was made due.%n%n", n, r.warmup(), r.threads(), r.poolSize(),
                r.seedPerSecond(), n,
                r.makeDuePerSecond(), r.leadMs()));
        out.append("| run | rotations | wall s | rotations/s | failed | CPU ms per rotation: JVM / PostgreSQL / Redis "
                + "| load 1m 5m 15m (start → end) |\n");
        out.append("|---|---:|---:|---:|---:|---|---|\n");
        out.append(floorRow("floor, before the storm", n, r.floorBefore()));
        out.append(String.format(Locale.ROOT, "| engine: due instant → last rotation finished (first started after "
                        + "%.0f ms; last job rescheduled at %.1f s) | %d | %.2f | %.1f | %d | %s | %s → %s |%n",
                s.firstStartMs(), s.jobsDoneMs() / 1e3, s.rotations(), s.lastFinishMs() / 1e3, s.perSecond(n),
                s.failed(), s.cpu(), s.loadStart(), s.loadEnd()));
        out.append(floorRow("floor, after the storm", n, r.floorAfter()));
        out.append(floorRow("engine alone: RotationEngine.rotate from as many threads, no Quartz (each secret's "
                + "second rotation, after the storm)", n, r.engineAlone()));
        out.append(String.format(Locale.ROOT, "%nEngine / floor throughput (floor: mean of its two passes): "
                + "**%.2f** (target ≥ %.1f: %s).%n", ratio, TARGET, ratio >= TARGET ? "met" : "**not met**"));
        out.append(String.format(Locale.ROOT, "The engine alone / floor: %.2f (not the target's figure: what the "
                + "storm would reach if firing and rescheduling cost nothing).%n", r.engineAlone().perSecond(n) / floorRate));
        out.append(String.format(Locale.ROOT, "Checks: %d of %d secrets rotated exactly once (%d successful "
                        + "rotations), %d failed or retried steps, %d secrets not Enabled afterwards, %d versions "
                        + "(2 per secret expected), %d triggers made again for the next due time.%n",
                s.rotatedOnce(), n, s.rotations(), s.failed(), s.notEnabled(), s.versions(), s.rescheduled()));
        if (r.engineSent() != null) {
            out.append(String.format("%nSent to the store's database per rotation (counted by the recording driver in "
                    + "this run, which slows both sides: the times above are not comparable with an uncounted run):"
                    + "%n%n| per rotation | Quartz statements | store statements | commits and rollbacks | total |%n"
                    + "|---|---:|---:|---:|---:|%n"));
            out.append(r.floorSent().row("floor"));
            out.append(r.engineSent().row("engine (Quartz, RotationJob, engine)"));
        }
        return out.toString();
    }

    private static String floorRow(String label, int n, StormRun.Floor f) {
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f | %d | %s | %s → %s |%n", label, n,
                f.wallMs() / 1e3, f.perSecond(n), f.failed(), f.cpu(), f.loadStart(), f.loadEnd());
    }

    private static int positive(Map<String, String> flags, String name, int otherwise) {
        int v = Integer.parseInt(flags.getOrDefault(name, Integer.toString(otherwise)));
        if (v < 1) {
            throw new IllegalArgumentException("--" + name + ": must be at least 1, got " + v);
        }
        return v;
    }

}
