package dev.rotator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system) of a process in nanoseconds, from /proc on Linux; -1 when unknown. */
final class CpuTime {
    /** /proc reports clock ticks; USER_HZ is 100 on every Linux this runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuTime() {
    }

    static long ofProcess(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK; // utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long ofThisProcess() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
