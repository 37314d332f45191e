package dev.rotator.worker.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Prometheus text exposition (0.0.4) strictly, as a scraper would: every line is a HELP or
 * TYPE comment or a sample {@code name{label="value",...} number}. A malformed line fails the parse.
 */
public final class Exposition {
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\[\\\\\"n]|[^\"\\\\\\n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{" + LABEL + "(?:," + LABEL
            + ")*\\})? (NaN|[+-]Inf|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:]"
            + "[a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))");

    private Exposition() {
    }

    /** Samples keyed by {@code name{labels}} exactly as written, in order. */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus exposition line: " + line);
            }
            String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            if (samples.put(key, Double.parseDouble(m.group(3).replace("Inf", "Infinity"))) != null) {
                throw new AssertionError("sample written twice: " + key);
            }
        }
        return samples;
    }
}
