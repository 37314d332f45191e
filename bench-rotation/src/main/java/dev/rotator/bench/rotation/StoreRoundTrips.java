package dev.rotator.bench.rotation;

import java.io.PrintStream;
import java.util.List;

/**
 * Counts the store's round trips per rotation, engine and floor: every statement, batch, commit and rollback the
 * store is sent (pool connections are opened once, and switching auto-commit sends nothing by itself on PostgreSQL).
 * A count, not a time: it does not move with the machine's load, so it shows what a change to the engine's store
 * work saves.
 */
public final class StoreRoundTrips {
    private StoreRoundTrips() {
    }

    /** Round trips per rotation, averaged over {@code rotations} pairs after two warm-up pairs. */
    public record Count(String name, double engine, double floor) {
    }

    public static Count of(RotationCase c, BenchStore store, int rotations, PrintStream progress) throws Exception {
        for (int i = 0; i < 2; i++) {
            c.engineRotation();
            c.floorRotation();
        }
        store.sent();
        long engine = 0;
        long floor = 0;
        for (int i = 0; i < rotations; i++) {
            c.engineRotation();
            List<String> sent = store.sent();
            engine += roundTrips(sent);
            if (i == 0) {
                progress.printf("%s: the store was sent, for one engine rotation:%n  %s%n", c.name(),
                        String.join("\n  ", sent));
            }
            c.floorRotation();
            floor += roundTrips(store.sent());
        }
        return new Count(c.name(), engine / (double) rotations, floor / (double) rotations);
    }

    static long roundTrips(List<String> sent) {
        return sent.stream().filter(s -> !s.startsWith("connect ") && !s.startsWith("setAutoCommit")).count();
    }
}
