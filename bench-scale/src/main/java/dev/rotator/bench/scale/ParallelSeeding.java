package dev.rotator.bench.scale;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code n} numbered tasks from {@code threads} callers, each taking the next number: how the benchmarks make
 * many secrets (or change them) quickly. The first failure stops the run and is thrown.
 */
final class ParallelSeeding {
    /** One numbered task, e.g. making secret {@code i}. */
    interface Task {
        void run(int i) throws Exception;
    }

    private ParallelSeeding() {
    }

    /** @return tasks per second over the whole run */
    static double run(int n, int threads, String what, PrintStream log, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        int every = Math.max(1, Math.min(10_000, n / 5));
        long t0 = System.nanoTime();
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        task.run(i);
                        if ((i + 1) % every == 0) {
                            log.printf("  %d %s (load %s)%n", i + 1, what, ScaleRun.load());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : callers) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            next.set(n); // the other callers stop after their current task
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdown();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
