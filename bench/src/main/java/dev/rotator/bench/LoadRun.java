package dev.rotator.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N callers, each a thread with its own kept-alive connection and signer, sending one request after
 * another (a closed loop, like N application threads calling the SDK). All run through a warm-up,
 * then a measured window: a request counts when it starts and ends inside the window.
 */
final class LoadRun {
    /**
     * Where and as whom: the endpoint as the SDK's config.endpoint, the AccessKey, and the server's process
     * id when it runs on this machine (0 if not), to measure its CPU time.
     */
    record Setup(String host, int port, String accessKeyId, String accessKeySecret, String secretName, long serverPid) {
        String endpoint() {
            return host + ":" + port;
        }

        Map<String, String> query() {
            return Map.of("SecretName", secretName);
        }
    }

    private LoadRun() {
    }

    /** One request with its body read, to fail fast (and say why) before a run starts. */
    static HttpConnection.Response probe(Setup setup, Target target) throws IOException {
        try (HttpConnection c = new HttpConnection(new InetSocketAddress(setup.host(), setup.port()))) {
            RequestFactory f = new RequestFactory(new AcsV3Signer(setup.accessKeyId(), setup.accessKeySecret()),
                    setup.endpoint());
            return c.exchange(f.request(target, "GetSecretValue", setup.query()), true);
        }
    }

    static RunResult run(Setup setup, Target target, int callers, Duration warmup, Duration window)
            throws InterruptedException {
        return run(setup, target, callers, warmup, window, Long.MAX_VALUE);
    }

    /** @param maxRequests the callers stop after this many requests in all (a pre-warm's budget) */
    static RunResult run(Setup setup, Target target, int callers, Duration warmup, Duration window, long maxRequests)
            throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        String load = loadAverage();
        long start = System.nanoTime() + 50_000_000L; // let every thread get to the line
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + window.toNanos();
        List<Caller> all = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(callers);
        Map<String, Long> failures = new ConcurrentHashMap<>();
        for (int i = 0; i < callers; i++) {
            Caller caller = new Caller(setup, target, start, measureFrom, measureTo, failures, done, sent,
                    maxRequests);
            all.add(caller);
            Thread t = new Thread(caller, "caller-" + i);
            t.setDaemon(true);
            t.start();
        }
        // CPU time of both processes over the window: per request, it hardly depends on what else runs here.
        if (window.isZero()) {
            done.await();
        }
        sleepUntil(measureFrom);
        long serverCpu0 = CpuTime.ofProcess(setup.serverPid());
        long clientCpu0 = CpuTime.ofThisProcess();
        sleepUntil(measureTo);
        long serverCpu = CpuTime.ofProcess(setup.serverPid()) - serverCpu0;
        long clientCpu = CpuTime.ofThisProcess() - clientCpu0;
        done.await();
        long total = all.stream().mapToLong(c -> c.count).sum();
        long[] latencies = new long[(int) total];
        int at = 0;
        for (Caller c : all) {
            System.arraycopy(c.latencies, 0, latencies, at, c.count);
            at += c.count;
        }
        Arrays.sort(latencies);
        return new RunResult(target, callers, window.toNanos() / 1e9, latencies,
                all.stream().mapToLong(c -> c.errors.get()).sum(), all.stream().mapToLong(c -> c.warmupErrors).sum(),
                Map.copyOf(failures), all.stream().mapToInt(c -> c.connections).sum(), load,
                serverCpu < 0 || serverCpu0 < 0 ? -1 : serverCpu, clientCpu);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** The 1-minute load average when the run started (Linux), so a busy machine shows in the results. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static final class Caller implements Runnable {
        private final Setup setup;
        private final Target target;
        private final long start;
        private final long measureFrom;
        private final long measureTo;
        private final Map<String, Long> failures;
        private final CountDownLatch done;
        private final AtomicLong sent;
        private final long maxRequests;
        long[] latencies = new long[1 << 14];
        int count;
        final AtomicLong errors = new AtomicLong();
        long warmupErrors;
        int connections;

        Caller(Setup setup, Target target, long start, long measureFrom, long measureTo, Map<String, Long> failures,
               CountDownLatch done, AtomicLong sent, long maxRequests) {
            this.sent = sent;
            this.maxRequests = maxRequests;
            this.setup = setup;
            this.target = target;
            this.start = start;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            this.failures = failures;
            this.done = done;
        }

        @Override
        public void run() {
            HttpConnection connection = new HttpConnection(new InetSocketAddress(setup.host(), setup.port()));
            RequestFactory requests = new RequestFactory(new AcsV3Signer(setup.accessKeyId(), setup.accessKeySecret()),
                    setup.endpoint());
            Map<String, String> query = setup.query();
            try {
                while (System.nanoTime() < start) {
                    Thread.onSpinWait();
                }
                long now;
                while ((now = System.nanoTime()) < measureTo && sent.incrementAndGet() <= maxRequests) {
                    // Signing is part of each call's cost, as it is in the SDK.
                    long t0 = now;
                    String failure = null;
                    try {
                        int status = connection.exchange(requests.request(target, "GetSecretValue", query), false)
                                .status();
                        if (status != 200) {
                            failure = "HTTP " + status;
                        }
                    } catch (IOException | RuntimeException e) {
                        failure = e.getClass().getSimpleName();
                        connection.close();
                    }
                    long t1 = System.nanoTime();
                    boolean inWindow = t0 >= measureFrom && t1 <= measureTo;
                    if (failure != null) {
                        failures.merge(failure, 1L, Long::sum);
                        if (inWindow) {
                            errors.incrementAndGet();
                        } else if (t0 < measureFrom) {
                            warmupErrors++;
                        }
                    } else if (inWindow) {
                        record(t1 - t0);
                    }
                }
            } finally {
                connections = connection.opened();
                connection.close();
                done.countDown();
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }
}
