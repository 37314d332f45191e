package dev.rotator.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time (user + system, from /proc) of the three parties of a rotation: this JVM, the PostgreSQL backends serving
 * the run's database (found by its name in their command line, so other databases' work on the shared server is not
 * counted), and the Redis server on the run's port. CPU per rotation moves much less with the machine's load than
 * wall time does.
 */
final class ProcessCpu {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** Seconds of CPU so far. */
    record Snapshot(double jvm, double store, double redis) {
        /** Milliseconds per rotation from {@code before} to this one. */
        String perRotation(Snapshot before, int rotations) {
            return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", (jvm - before.jvm) * 1000 / rotations,
                    (store - before.store) * 1000 / rotations, (redis - before.redis) * 1000 / rotations);
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
        double store = 0;
        double redis = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                String cmd = commandLine(p);
                if (cmd.startsWith("postgres: ") && cmd.contains(" " + database + " ")) {
                    store += seconds(p);
                } else if (cmd.contains("redis-server") && cmd.contains(":" + redisPort)) {
                    redis += seconds(p);
                }
            }
        } catch (IOException e) {
            return new Snapshot(jvm, Double.NaN, Double.NaN);
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
