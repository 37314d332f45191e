package dev.rotator.bench.rotation;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a case's engine and floor rotations interleaved (engine, floor, engine, floor …), so that whatever else the
 * shared machine does falls on both alike. Warm-up pairs go first and are not counted; the first two of them run
 * with the statement trace on and must show the floor sending what the rotator sends, rotation for rotation (one
 * pair per account of the dual pair).
 */
public final class SideBySide {
    private static final int TRACED_PAIRS = 2;

    private SideBySide() {
    }

    /**
     * The outcome for one case: wall-clock times, and the CPU time the benchmark's thread spent (this JVM's share:
     * the servers' work is not in it); load averages are /proc/loadavg's 1-minute figure at the start and the end.
     */
    public record Result(String name, Samples engine, Samples floor, Samples engineCpu, Samples floorCpu,
                         String loadAtStart, String loadAtEnd) {
        public double ratio() {
            return engine.medianMillis() / floor.medianMillis();
        }
    }

    public static Result run(RotationCase c, int warmup, int rotations, PrintStream progress) throws Exception {
        for (int i = 0; i < Math.max(warmup, TRACED_PAIRS); i++) {
            Optional<SqlTrace> trace = i < TRACED_PAIRS ? c.startTrace() : Optional.empty();
            if (trace.isPresent()) {
                checkSameStatements(c, trace.get(), i, progress);
            } else {
                c.engineRotation();
                c.floorRotation();
            }
        }
        progress.printf("%s: %d warm-up pairs done, measuring %d pairs%n", c.name(), Math.max(warmup, TRACED_PAIRS),
                rotations);
        String loadAtStart = loadAverage();
        long[] engine = new long[rotations];
        long[] floor = new long[rotations];
        long[] engineCpu = new long[rotations];
        long[] floorCpu = new long[rotations];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rotations; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            c.engineRotation();
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            c.floorRotation();
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            engine[i] = t1 - t0;
            floor[i] = t2 - t1;
            engineCpu[i] = c1 - c0;
            floorCpu[i] = c2 - c1;
            if ((i + 1) % 50 == 0) {
                progress.printf("%s: %d of %d%n", c.name(), i + 1, rotations);
            }
        }
        return new Result(c.name(), new Samples(engine), new Samples(floor), new Samples(engineCpu),
                new Samples(floorCpu), loadAtStart, loadAverage());
    }

    private static void checkSameStatements(RotationCase c, SqlTrace started, int pair, PrintStream progress)
            throws Exception {
        List<String> engine;
        List<String> floor;
        try (SqlTrace trace = started) {
            c.engineRotation();
            engine = c.normalise(trace.take());
            c.floorRotation();
            floor = c.normalise(trace.take());
        }
        if (!engine.equals(floor)) {
            throw new IllegalStateException(c.name() + ": the floor's statements differ from the rotator's (pair "
                    + (pair + 1) + ")\nrotator:\n  " + String.join("\n  ", engine) + "\nfloor:\n  "
                    + String.join("\n  ", floor));
        }
        if (engine.isEmpty()) {
            throw new IllegalStateException(c.name() + ": the trace recorded no statement");
        }
        progress.printf("%s: pair %d, the rotator and the floor both sent:%n  %s%n", c.name(), pair + 1,
                String.join("\n  ", engine));
    }

    /** Raw times, one line per pair: case, index, engine and floor wall-clock ns, engine and floor CPU ns. */
    public static void writeRaw(Path file, List<Result> results) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("case\tpair\tengine_ns\tfloor_ns\tengine_cpu_ns\tfloor_cpu_ns");
        for (Result r : results) {
            for (int i = 0; i < r.engine().nanos().length; i++) {
                lines.add(r.name() + "\t" + (i + 1) + "\t" + r.engine().nanos()[i] + "\t" + r.floor().nanos()[i]
                        + "\t" + r.engineCpu().nanos()[i] + "\t" + r.floorCpu().nanos()[i]);
            }
        }
        Files.write(file, lines);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
