package dev.rotator.bench.scale;

import dev.rotator.bench.rotation.SqlTrace;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the store's database is sent per rotation in the storm (engine: Quartz's firing and the job's reschedule as
 * well as the engine's own work) and in the floor, counted by {@link SqlTrace} on the worker's and the floor's pools:
 * Quartz's statements (its QRTZ_ tables), the store's others, and commits and rollbacks. A count, taken in a run of
 * its own (the recording proxies are never installed while times are taken).
 */
final class StormRoundTrips implements AutoCloseable {
    /** Per rotation. */
    record Count(double quartz, double store, double commits) {
        double total() {
            return quartz + store + commits;
        }

        String row(String label) {
            return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", label, quartz, store, commits,
                    total());
        }
    }

    /** Null when not counting. */
    private final SqlTrace trace;

    private StormRoundTrips(SqlTrace trace) {
        this.trace = trace;
    }

    /** Records what connections to {@code url} are sent when {@code count}; otherwise does nothing. */
    static StormRoundTrips install(boolean count, String url) throws SQLException {
        return new StormRoundTrips(count ? SqlTrace.install(url) : null);
    }

    /** Forgets what was sent so far (what is not counted). */
    void skip() {
        if (trace != null) {
            trace.take();
        }
    }

    /**
     * What was sent since the last take or skip, per rotation (null when not counting); the statements most sent go
     * to {@code log}.
     */
    Count take(int rotations, String what, PrintStream log) {
        if (trace == null) {
            return null;
        }
        List<String> sent = trace.take().stream()
                .filter(s -> !s.startsWith("connect ") && !s.startsWith("setAutoCommit")).toList();
        long quartz = sent.stream().filter(StormRoundTrips::isQuartz).count();
        long commits = sent.stream().filter(s -> s.equals("commit") || s.equals("rollback")).count();
        long store = sent.size() - quartz - commits;
        Map<String, Long> bySql = sent.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        log.printf("%s: %d rotations; what was sent, per rotation, most first:%n", what, rotations);
        bySql.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(40).forEach(e -> log.printf(Locale.ROOT, "  %6.2f  %s%n", e.getValue() / (double) rotations,
                        e.getKey().replaceAll("\\s+", " ")));
        return new Count(quartz / (double) rotations, store / (double) rotations, commits / (double) rotations);
    }

    @Override
    public void close() throws SQLException {
        if (trace != null) {
            trace.close();
        }
    }

    private static boolean isQuartz(String sql) {
        return sql.toUpperCase(Locale.ROOT).contains("QRTZ_");
    }
}
