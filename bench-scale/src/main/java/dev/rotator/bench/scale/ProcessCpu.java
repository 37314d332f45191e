package dev.rotator.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time (user + system, from /proc) of the three parties of a rotation: this JVM, the PostgreSQL backends serving
 * the run's database (found by its name in their command line, so other databases' work on the shared server is not
 * counted), and the Redis server on the run's port. CPU per rotation moves much less with the machine's load than
 * wall time does.
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** Seconds of CPU so far: the JVM's, each PostgreSQL backend's by pid, Redis's. */
    record Snapshot(double jvm, Map<String, Double> store, double redis) {
        /**
         * Milliseconds per rotation from {@code before} to this one. A backend that ended in between (the pool
         * retired a connection) takes its CPU with it; one that started counts whole.
         */
        String perRotation(Snapshot before, int rotations) {
            double storeSeconds = store.entrySet().stream()
                    .mapToDouble(e -> e.getValue() - before.store.getOrDefault(e.getKey(), 0.0)).sum();
            return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", (jvm - before.jvm) * 1000 / rotations,
                    storeSeconds * 1000 / rotations, (redis - before.redis) * 1000 / rotations);
        }
    }

    private final String database;
    private final String redisPort;

    ProcessCpu(String database, String redisPort) {
        this.database = database;
        this.redisPort = redisPort;
    }

    Snapshot take() {
        double jvm = seconds(Path.of("/proc/self"));
        Map<String, Double> store = new HashMap<>();
        double redis = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                String cmd = commandLine(p);
                if (cmd.startsWith("postgres: ") && cmd.contains(" " + database + " ")) {
                    store.put(p.getFileName().toString(), seconds(p));
                } else if (cmd.contains("redis-server") && cmd.contains(":" + redisPort)) {
                    redis += seconds(p);
                }
            }
        } catch (IOException e) {
            return new Snapshot(jvm, Map.of(), Double.NaN);
        }
        return new Snapshot(jvm, store, redis);
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    /** utime + stime of a process, in seconds; 0 when it is gone. */
    private static double seconds(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
