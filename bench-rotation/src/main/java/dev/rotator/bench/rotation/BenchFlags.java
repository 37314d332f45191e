package dev.rotator.bench.rotation;

import java.util.HashMap;
import java.util.Map;

/** The benchmarks' command lines: {@code --name value} pairs, by name without the dashes. */
public final class BenchFlags {
    private BenchFlags() {
    }

    /** @param usage the accepted flags, as a refusal shows them: {@code [--rotations 200] [--warmup 20]} */
    public static Map<String, String> parse(String[] args, String usage) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage + "; got " + args[i]);
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }
}
