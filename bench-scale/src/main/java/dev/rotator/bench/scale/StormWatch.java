package dev.rotator.bench.scale;

import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

import static dev.rotator.bench.scale.StormRun.queryLong;

/**
 * Waits for the storm to pass and reads what it did from the store: the rotation events (create, rotation, finish,
 * any failed or retried step), the secrets' AutomaticRotation, their versions, and their Quartz triggers made again
 * for the next due time. Polls on a connection of its own, every 100 ms.
 */
final class StormWatch {
    /** How long after the due time the storm may take before the run gives up on it. */
    private static final Duration GIVE_UP = Duration.ofMinutes(10);

    private StormWatch() {
    }

    /** @param prefix the storm's secrets are the {@code n} whose names start with it */
    static StormRun.Storm await(ScaleDatabase db, String prefix, Instant due, int n, Duration interval, ProcessCpu cpu,
                                PrintStream log)
            throws Exception {
        String like = prefix + "%";
        long dueMs = due.toEpochMilli();
        long rescheduledAfter = dueMs + interval.toMillis() / 2;
        String loadStart = null;
        ProcessCpu.Snapshot cpuAtDue = null;
        long jobsDone = -1;
        try (Connection c = StormRun.connect(db)) {
            long lastLog = 0;
            while (true) {
                long now = System.currentTimeMillis();
                if (loadStart == null && now >= dueMs) {
                    loadStart = ScaleRun.load();
                    cpuAtDue = cpu.take();
                }
                long finished = queryLong(c, "SELECT COUNT(*) FROM rotation_events WHERE secret_name LIKE ? "
                        + "AND step = 'finish'", like);
                long failed = failures(c, like);
                long rescheduled = rescheduled(c, like, rescheduledAfter);
                if (jobsDone < 0 && rescheduled >= n) {
                    jobsDone = now;
                }
                if ((finished + failed >= n && jobsDone >= 0) || now > dueMs + GIVE_UP.toMillis()) {
                    break;
                }
                if (now >= dueMs && now - lastLog >= 5000) {
                    log.printf("  %.1f s after the due time: %d finished, %d rescheduled, %d failed (load %s)%n",
                            (now - dueMs) / 1e3, finished, rescheduled, failed, ScaleRun.load());
                    lastLog = now;
                }
                Thread.sleep(100);
            }
            String loadEnd = ScaleRun.load();
            String cpuPerRotation = cpuAtDue == null ? "n/a" : cpu.take().perRotation(cpuAtDue, n);
            long firstStart = queryLong(c, "SELECT COALESCE(MIN(created_at), 0) FROM rotation_events "
                    + "WHERE secret_name LIKE ? AND step = 'create'", like);
            long lastFinish = queryLong(c, "SELECT COALESCE(MAX(created_at), 0) FROM rotation_events "
                    + "WHERE secret_name LIKE ? AND step = 'finish'", like);
            int rotatedOnce = (int) queryLong(c, "SELECT COUNT(*) FROM (SELECT secret_name FROM rotation_events "
                    + "WHERE secret_name LIKE ? AND step = 'rotation' AND outcome = 'Success' GROUP BY secret_name "
                    + "HAVING COUNT(*) = 1) once", like);
            int rotations = (int) queryLong(c, "SELECT COUNT(*) FROM rotation_events WHERE secret_name LIKE ? "
                    + "AND step = 'rotation' AND outcome = 'Success'", like);
            int notEnabled = (int) queryLong(c, "SELECT COUNT(*) FROM secrets WHERE name LIKE ? "
                    + "AND rotation_state <> 'Enabled'", like);
            int versions = (int) queryLong(c, "SELECT COUNT(*) FROM secret_versions WHERE secret_name LIKE ?", like);
            int rescheduled = (int) rescheduled(c, like, rescheduledAfter);
            return new StormRun.Storm(firstStart - dueMs, lastFinish - dueMs,
                    jobsDone < 0 ? Double.NaN : jobsDone - dueMs, rotatedOnce, rotations, (int) failures(c, like),
                    notEnabled, versions, rescheduled, cpuPerRotation, loadStart, loadEnd);
        }
    }

    /** Events of a step that failed or was retried: none is allowed. */
    private static long failures(Connection c, String like) throws java.sql.SQLException {
        return queryLong(c, "SELECT COUNT(*) FROM rotation_events WHERE secret_name LIKE ? "
                + "AND outcome IN ('Failure', 'Retry')", like);
    }

    /** Secrets whose schedule trigger was made again for the next due time: their job ran to its end. */
    private static long rescheduled(Connection c, String like, long after) throws java.sql.SQLException {
        return queryLong(c, "SELECT COUNT(*) FROM qrtz_triggers WHERE job_name LIKE ? AND next_fire_time > ?",
                like, after);
    }
}
