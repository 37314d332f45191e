package dev.rotator.bench.scale;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.ListSecretsRequest;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.AccountCredential;
import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.crypto.LocalKeyRing;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One size: N Rds dual-account secrets with rotation enabled, made on a first worker as CreateSecret stores and
 * schedules them (store row + first version + Quartz job and trigger), then a second worker started on that database
 * and measured: start-up, heap after a full GC, the lag of a sample of secrets made due a few seconds later, and
 * ListSecrets pages through the official SDK.
 */
final class ScaleRun {
    /** Far enough that no seeded secret falls due during the run. */
    private static final Duration INTERVAL = Duration.ofDays(30);
    private static final int PAGE_SIZE = 100;

    record Result(int secrets, double seedPerSecond, double startSeconds, double heapMb, int sample, int late,
                  double lagP50Ms, double lagP99Ms, double lagMaxMs, double firstPageMs, double middlePageMs,
                  double lastPageMs, String loadStart, String loadEnd) {
    }

    private ScaleRun() {
    }

    static Result run(int n, int seedThreads, int sample, Duration spread, PrintStream log) throws Exception {
        String loadStart = load();
        try (ScaleDatabase db = new ScaleDatabase()) {
            Path dataDir = Files.createTempDirectory("scalebench-");
            WorkerConfig d = WorkerConfig.defaults();
            WorkerConfig config = new WorkerConfig(dataDir.toString(), new WorkerConfig.Server("127.0.0.1", 0),
                    new WorkerConfig.Store(db.url, db.user, db.password, d.store().poolSize()), d.scheduler(),
                    d.rotation(), d.shutdown(), d.kms(), List.of());
            TimedRotator rotator = new TimedRotator();
            double seedRate;
            try (Worker seeding = Worker.start(config, Map.of(SecretType.RDS, rotator))) {
                seedRate = seed(seeding, n, seedThreads, log);
            }
            log.printf("%d secrets made; starting the measured worker (load %s)%n", n, load());
            long t0 = System.nanoTime();
            try (Worker worker = Worker.start(config, Map.of(SecretType.RDS, rotator))) {
                double startSeconds = (System.nanoTime() - t0) / 1e9;
                log.printf("worker up in %.2f s%n", startSeconds);
                double[] lags = lag(worker, rotator, n, sample, spread, log);
                int late = (int) Arrays.stream(lags).filter(Double::isNaN).count();
                double[] done = Arrays.stream(lags).filter(l -> !Double.isNaN(l)).sorted().toArray();
                double[] pages = listPages(worker, dataDir, n);
                double heapMb = heapAfterGc();
                log.printf("heap after full GC %.1f MB%n", heapMb);
                return new Result(n, seedRate, startSeconds, heapMb, sample, late, pct(done, 50), pct(done, 99),
                        done.length == 0 ? Double.NaN : done[done.length - 1], pages[0], pages[1], pages[2],
                        loadStart, load());
            } finally {
                try (var files = Files.walk(dataDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** CreateSecret's two durable effects per secret, from {@code threads} callers: the stored secret, its trigger. */
    private static double seed(Worker worker, int n, int threads, PrintStream log) throws Exception {
        return ParallelSeeding.run(n, threads, "secrets made", log, i -> {
            Secret s = secret(name(i), Instant.now());
            worker.store().create(s, new NewVersion("v1", new AccountCredential("app", "Initial-pw-" + i).value(),
                    Instant.now()));
            worker.scheduler().sync(s);
        });
    }

    static String name(int i) {
        return String.format("scale/secret-%07d", i);
    }

    private static Secret secret(String name, Instant now) {
        return new Secret(name, SecretType.RDS, null, LocalKeyRing.DEFAULT_KEY_ID, List.of(),
                ExtendedConfig.of(Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "bench-db")),
                new RotationPolicy(AutomaticRotation.Enabled, INTERVAL, now.plus(INTERVAL), null),
                null, null, now, now);
    }

    /**
     * Makes {@code sample} secrets, evenly spread over the N, due over {@code spread} starting 5 s from now (as
     * UpdateRotationPolicy would: store, then schedule), and returns for each the lag in ms from its due time to its
     * rotation's first step; NaN for one that had not started 60 s after the last due time.
     */
    private static double[] lag(Worker worker, TimedRotator rotator, int n, int sample, Duration spread,
                                PrintStream log) throws InterruptedException {
        Instant base = Instant.now().plusSeconds(5);
        String[] names = new String[sample];
        long[] due = new long[sample];
        for (int k = 0; k < sample; k++) {
            names[k] = name((int) ((long) k * n / sample));
            Instant at = base.plusMillis(spread.toMillis() * k / sample);
            due[k] = at.toEpochMilli();
            DueAt.make(worker, names[k], at);
        }
        long deadline = base.plus(spread).plusSeconds(60).toEpochMilli();
        while (rotator.started() < sample && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        log.printf("%d of %d sampled rotations started%n", rotator.started(), sample);
        double[] lags = new double[sample];
        for (int k = 0; k < sample; k++) {
            Long at = rotator.startedAt(names[k]);
            lags[k] = at == null ? Double.NaN : at - due[k];
        }
        return lags;
    }

    /** Median ms of ListSecrets (PageSize 100) at the first, the middle and the last page, through the SDK. */
    private static double[] listPages(Worker worker, Path dataDir, int n) throws Exception {
        JsonNode key = new ObjectMapper().readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
        Client client = new Client(new Config().setAccessKeyId(key.path("AccessKeyId").asText())
                .setAccessKeySecret(key.path("AccessKeySecret").asText()).setRegionId("cn-hangzhou")
                .setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
        int last = (n + PAGE_SIZE - 1) / PAGE_SIZE;
        int[] pages = {1, Math.max(1, last / 2), last};
        double[] out = new double[pages.length];
        for (int p = 0; p < pages.length; p++) {
            double[] ms = new double[25];
            for (int r = -5; r < ms.length; r++) {
                long t0 = System.nanoTime();
                var page = client.listSecrets(new ListSecretsRequest().setPageNumber(pages[p])
                        .setPageSize(PAGE_SIZE)).getBody();
                if (page.getTotalCount() != n) {
                    throw new IllegalStateException("ListSecrets counted " + page.getTotalCount() + ", expected " + n);
                }
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            out[p] = pct(ms, 50);
        }
        return out;
    }

    private static double heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /** The nearest-rank percentile of sorted values. */
    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
