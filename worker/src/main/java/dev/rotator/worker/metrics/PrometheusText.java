package dev.rotator.worker.metrics;

import java.util.List;

/** Builds the Prometheus text exposition format 0.0.4: HELP and TYPE lines, then {@code name{labels} value}. */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(4096);

    void header(String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, List<String> labelNames, List<String> labelValues, double value) {
        sample(name, labelNames, labelValues, null, value);
    }

    /** @param le the histogram bucket's bound, written as a last {@code le} label; null for none */
    void sample(String name, List<String> labelNames, List<String> labelValues, String le, double value) {
        out.append(name);
        if (!labelNames.isEmpty() || le != null) {
            out.append('{');
            for (int i = 0; i < labelNames.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labelNames.get(i)).append("=\"").append(escapeLabelValue(labelValues.get(i))).append('"');
            }
            if (le != null) {
                out.append(labelNames.isEmpty() ? "" : ",").append("le=\"").append(le).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String escapeLabelValue(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
