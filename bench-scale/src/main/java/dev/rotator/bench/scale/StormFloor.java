package dev.rotator.bench.scale;

import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.bench.rotation.redis.RedisFloorRotation;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * The storm's floor: every twin rotated once by {@link RedisFloorRotation}, from as many threads as the worker's
 * scheduler has, each with an admin connection of its own opened before the clock starts. Also the engine alone:
 * the storm's secrets rotated once more by {@link RotationEngine#rotate} from as many threads, without Quartz, to
 * tell the scheduler's share of a storm from the engine's.
 */
final class StormFloor {
    private final HostAndPort node;
    private final String adminPassword;
    private final int threads;
    private final ProcessCpu cpu;

    StormFloor(HostAndPort node, String adminPassword, int threads, ProcessCpu cpu) {
        this.node = node;
        this.adminPassword = adminPassword;
        this.threads = threads;
        this.cpu = cpu;
    }

    /**
     * @param check when not null, run on the first two rotations with the admin connection and the user that got
     *              the new password (outside the timing is not possible here: two checks among thousands)
     */
    StormRun.Floor pass(RedisFloorRotation[] floors, PrintStream log, BiConsumer<Jedis, String> check)
            throws Exception {
        List<Jedis> admins = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                admins.add(new Jedis(node, RedisFloorRotation.config("default", adminPassword)));
                admins.get(t).ping();
            }
            return timed("floor", floors.length, log, thread -> i -> {
                String pending = floors[i].rotate(admins.get(thread));
                if (check != null && i < 2) {
                    check.accept(admins.get(thread), pending);
                }
            });
        } finally {
            admins.forEach(Jedis::close);
        }
    }

    /** Each named secret rotated once by the engine, directly (a rotate-now without its Quartz trigger). */
    StormRun.Floor engineAlone(RotationEngine engine, List<String> names, PrintStream log) throws Exception {
        return timed("engine alone", names.size(), log, thread -> i -> engine.rotate(names.get(i),
                RotationTrigger.now()));
    }

    /** One rotation, number {@code i}, on a caller thread. */
    @FunctionalInterface
    private interface Rotation {
        void run(int i) throws Exception;
    }

    /** Runs {@code count} rotations from {@link #threads} callers ({@code perThread} gives each its own) and times them. */
    private StormRun.Floor timed(String what, int count, PrintStream log, IntFunction<Rotation> perThread)
            throws Exception {
        String loadStart = ScaleRun.load();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            ProcessCpu.Snapshot cpu0 = cpu.take();
            long t0 = System.nanoTime();
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Rotation rotation = perThread.apply(t);
                callers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        try {
                            rotation.run(i);
                        } catch (IllegalStateException drift) {
                            throw drift;
                        } catch (Exception e) {
                            if (failed.incrementAndGet() <= 3) {
                                log.println(what + " rotation failed: " + e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : callers) {
                f.get();
            }
            double wallMs = (System.nanoTime() - t0) / 1e6;
            String cpuPerRotation = cpu.take().perRotation(cpu0, count);
            log.printf("%s: %d rotations in %.0f ms, %d failed (load %s)%n", what, count, wallMs, failed.get(),
                    ScaleRun.load());
            return new StormRun.Floor(wallMs, failed.get(), cpuPerRotation, loadStart, ScaleRun.load());
        } finally {
            pool.shutdown();
        }
    }
}
