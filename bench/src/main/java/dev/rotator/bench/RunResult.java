package dev.rotator.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measured window: requests completed in it, their latencies (sorted, nanoseconds), and
 * everything that went wrong. Any non-200 or I/O failure is an error, in warm-up or in the window.
 */
record RunResult(Target target, int callers, double seconds, long[] sortedLatencies, long errors, long warmupErrors,
                 Map<String, Long> failures, int connections, String loadAverage, long serverCpuNanos,
                 long clientCpuNanos) {

    long requests() {
        return sortedLatencies.length;
    }

    double requestsPerSecond() {
        return requests() / seconds;
    }

    boolean flagged() {
        return errors > 0 || warmupErrors > 0;
    }

    /** Nearest-rank percentile in milliseconds. */
    double percentileMillis(double p) {
        if (sortedLatencies.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedLatencies.length);
        return sortedLatencies[Math.max(0, Math.min(sortedLatencies.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return sortedLatencies.length == 0 ? Double.NaN : sortedLatencies[sortedLatencies.length - 1] / 1e6;
    }

    /** CPU time per request in microseconds, or NaN when it could not be measured. */
    double cpuMicrosPerRequest(long cpuNanos) {
        return cpuNanos < 0 || requests() == 0 ? Double.NaN : cpuNanos / 1e3 / requests();
    }

    /** Tab-separated, one line, for {@link Table}: the raw numbers a table is made from. */
    String tsv() {
        return String.join("\t", target.label(), Integer.toString(callers), Long.toString(requests()),
                fmt(seconds), fmt(requestsPerSecond()), fmt(percentileMillis(50)), fmt(percentileMillis(90)),
                fmt(percentileMillis(99)), fmt(maxMillis()), Long.toString(errors), Long.toString(warmupErrors),
                failures.isEmpty() ? "-" : new TreeMap<>(failures).toString().replace('\t', ' '),
                Integer.toString(connections), loadAverage, fmt(cpuMicrosPerRequest(serverCpuNanos)),
                fmt(cpuMicrosPerRequest(clientCpuNanos)));
    }

    static final String TSV_HEADER = "endpoint\tcallers\trequests\tseconds\treq_per_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms"
            + "\terrors\twarmup_errors\tfailures\tconnections\tloadavg_1m_at_start\tserver_cpu_us_per_req"
            + "\tclient_cpu_us_per_req";

    String summary() {
        return String.format(Locale.ROOT, "%-16s callers=%-3d %9.1f req/s  p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms"
                        + "  errors=%d (warm-up %d)%s  connections=%d  load=%s  cpu/req: server %.0fus client %.0fus",
                target.label(), callers, requestsPerSecond(), percentileMillis(50), percentileMillis(90),
                percentileMillis(99), maxMillis(), errors, warmupErrors, failures.isEmpty() ? "" : " " + failures,
                connections, loadAverage, cpuMicrosPerRequest(serverCpuNanos), cpuMicrosPerRequest(clientCpuNanos));
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
