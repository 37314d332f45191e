package dev.rotator.bench.scale;

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

/**
 * The storm's floor: every twin rotated once by {@link RedisFloorRotation}, from as many threads as the worker's
 * scheduler has, each with an admin connection of its own opened before the clock starts.
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
        String loadStart = ScaleRun.load();
        List<Jedis> admins = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                admins.add(new Jedis(node, RedisFloorRotation.config("default", adminPassword)));
                admins.get(t).ping();
            }
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            ProcessCpu.Snapshot cpu0 = cpu.take();
            long t0 = System.nanoTime();
            List<Future<?>> callers = new ArrayList<>();
            for (Jedis admin : admins) {
                callers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < floors.length; ) {
                        try {
                            String pending = floors[i].rotate(admin);
                            if (check != null && i < 2) {
                                check.accept(admin, pending);
                            }
                        } catch (IllegalStateException drift) {
                            throw drift;
                        } catch (Exception e) {
                            if (failed.incrementAndGet() <= 3) {
                                log.println("floor rotation failed: " + e);
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
            String cpuPerRotation = cpu.take().perRotation(cpu0, floors.length);
            log.printf("floor: %d rotations in %.0f ms, %d failed (load %s)%n", floors.length, wallMs, failed.get(),
                    ScaleRun.load());
            return new StormRun.Floor(wallMs, failed.get(), cpuPerRotation, loadStart, ScaleRun.load());
        } finally {
            pool.shutdown();
            admins.forEach(Jedis::close);
        }
    }
}
