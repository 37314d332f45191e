package dev.rotator.worker.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in configuration: a number and a unit, {@code 500ms}, {@code 30s}, {@code 10m}, {@code 6h}, {@code 7d}. */
public final class Durations {
    static final String RULE = "must be a duration: a number and ms, s, m, h or d (e.g. 30s)";
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String field, String text) {
        Duration d = parseOrNull(text);
        if (d == null) {
            throw new IllegalArgumentException(field + " " + RULE + ", got '" + text + "'");
        }
        return d;
    }

    /** The duration, or null when the text is not one (including a number too large to hold). */
    static Duration parseOrNull(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        try {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            d.toMillis(); // the engine works in milliseconds: refuse what they cannot hold
            return d;
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return null;
        }
    }
}
