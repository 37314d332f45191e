package dev.rotator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The markdown tables of docs/benchmarks.md, from the TSV lines the runs wrote. */
final class Table {
    static final String BASELINE = Target.HEALTHZ.label();
    static final String API = Target.GET_SECRET_VALUE.label();

    private Table() {
    }

    static String markdown(Path tsv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank() && !line.startsWith("endpoint\t")) {
                rows.add(line.split("\t", -1));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| endpoint | callers | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | connections | load 1m"
                + " | server CPU µs/req | generator CPU µs/req |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        TreeSet<Integer> levels = new TreeSet<>();
        for (String[] r : rows) {
            long errors = Long.parseLong(r[9]) + Long.parseLong(r[10]);
            String errorCell = errors == 0 ? "0" : "**" + errors + " FLAGGED** " + r[11];
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r[0], r[1], r[4], r[5], r[6], r[7], r[8], errorCell, r[12], r[13], r[14], r[15]));
            rates.computeIfAbsent(r[0] + "\t" + r[1], k -> new ArrayList<>()).add(Double.parseDouble(r[4]));
            levels.add(Integer.parseInt(r[1]));
        }
        out.append('\n');
        out.append("| callers | ").append(BASELINE).append(" req/s | ").append(API)
                .append(" req/s | GetSecretValue / healthz | target ≥ 60% |\n");
        out.append("|---:|---:|---:|---:|---|\n");
        for (int level : levels) {
            List<Double> base = rates.get(BASELINE + "\t" + level);
            List<Double> api = rates.get(API + "\t" + level);
            if (base == null || api == null) {
                continue;
            }
            double ratio = median(api) / median(base);
            out.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.0f%% | %s |%n", level, median(base),
                    median(api), ratio * 100, ratio >= 0.6 ? "met" : "**not met**"));
        }
        return out.toString();
    }

    /** With several rounds, the middle one: one noisy round on a shared machine moves it least. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
