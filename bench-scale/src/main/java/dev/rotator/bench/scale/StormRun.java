package dev.rotator.bench.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.bench.rotation.FloorStoreWrites;
import dev.rotator.bench.rotation.SqlTrace;
import dev.rotator.bench.rotation.ThrowawayServers;
import dev.rotator.bench.rotation.redis.RedisFloorRotation;
import dev.rotator.core.AccountCredential;
import dev.rotator.core.Stages;
import dev.rotator.core.spi.Target;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.Worker;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.store.Database;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rotation storm: N Redis DoubleUsers secrets (made through CreateSecret's service, so RedisRotator provisions
 * both ACL users of each) due at the same instant on one PostgreSQL-backed worker, fired by its Quartz scheduler
 * (Quartz, RotationJob, engine), next to the bare floor: N twins rotated by {@link RedisFloorRotation} from as many
 * threads as the scheduler has, once before the storm and once after it.
 */
final class StormRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The measured storm's secrets and twins; the warm-up's come after them, with names of their own. */
    static final String ENGINE_PREFIX = "storm/e-";
    static final String FLOOR_PREFIX = "storm/f-";
    static final String WARMUP_ENGINE_PREFIX = "storm/warmup-e-";
    static final String WARMUP_FLOOR_PREFIX = "storm/warmup-f-";
    /** Far enough that no secret falls due again during the run; the rescheduled triggers are found by it. */
    private static final Duration INTERVAL = Duration.ofDays(30);

    /** What one storm measured; times in ms, epoch ms where named so. */
    record Result(int secrets, int warmup, int threads, int poolSize, double seedPerSecond, double makeDuePerSecond,
                  long leadMs, Floor floorBefore, Storm storm, Floor floorAfter, Floor engineAlone,
                  StormRoundTrips.Count floorSent, StormRoundTrips.Count engineSent) {
    }

    /** A floor pass (or the engine's alone): its wall time and rotations that threw. */
    record Floor(double wallMs, int failed, String cpu, String loadStart, String loadEnd) {
        double perSecond(int n) {
            return n / (wallMs / 1000);
        }
    }

    /**
     * @param firstStartMs   due instant to the first rotation's create event
     * @param lastFinishMs   due instant to the last rotation's finish event (the rotation's end)
     * @param jobsDoneMs     due instant to the last secret's trigger made again for its next due time (the job's end)
     * @param rotatedOnce    secrets with exactly one successful rotation
     * @param failed         events of a failed or retried step
     * @param notEnabled     secrets whose AutomaticRotation is no longer Enabled (Invalid after a failure)
     * @param versions       versions of the storm's secrets (2 each when each rotated once)
     * @param cpu            CPU ms per rotation, JVM / PostgreSQL backends / Redis, from the due instant to the end
     */
    record Storm(double firstStartMs, double lastFinishMs, double jobsDoneMs, int rotatedOnce, int rotations,
                 int failed, int notEnabled, int versions, int rescheduled, String cpu, String loadStart,
                 String loadEnd) {
        double perSecond(int n) {
            return n / (lastFinishMs / 1000);
        }
    }

    private StormRun() {
    }

    /** @param count count what the database is sent per rotation ({@link StormRoundTrips}) instead of timing alone */
    static Result run(int n, int warmup, int seedThreads, int threads, long leadMs, boolean count, PrintStream log)
            throws Exception {
        HostAndPort node = new HostAndPort(ThrowawayServers.env("REDIS_HOST"),
                Integer.parseInt(ThrowawayServers.env("REDIS_PORT")));
        String adminPassword = ThrowawayServers.env("REDIS_PASSWORD");
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String targetId = "storm-redis-" + unique;
        String adminSecret = "storm/redis-admin";
        Target target = new Target(targetId, "redis", Map.of("nodes", List.of(node.toString()), "tls", "disable",
                "adminSecret", adminSecret, "aclPersistence", "none"));
        Path dataDir = Files.createTempDirectory("stormbench-");
        // The worker's and the floor's pools connect with this URL; the harness's own reads (StormWatch) do not,
        // so what is counted is what the worker and the floor send.
        try (ScaleDatabase db = new ScaleDatabase();
             AclUsers users = new AclUsers(node, adminPassword, "st" + unique, n + warmup);
             StormRoundTrips sent = StormRoundTrips.install(count, db.url + "?ApplicationName=rotator-storm")) {
            String url = db.url + "?ApplicationName=rotator-storm";
            WorkerConfig d = WorkerConfig.defaults();
            WorkerConfig.Scheduler scheduler = threads > 0 ? new WorkerConfig.Scheduler(threads,
                    d.scheduler().clustered(), d.scheduler().checkinInterval()) : d.scheduler();
            WorkerConfig config = new WorkerConfig(dataDir.toString(), new WorkerConfig.Server("127.0.0.1", 0),
                    new WorkerConfig.Store(url, db.user, db.password, d.store().poolSize()), scheduler,
                    d.rotation(), d.shutdown(), d.kms(), List.of(target));
            log.printf("worker: %d scheduler threads, store pool %d, clustered %s; store %s%n", scheduler.threads(),
                    config.store().poolSize(), scheduler.clustered(), db.name);
            // The floor has a pool of its own on the same database, of the store's size (the two never run at once).
            try (Worker worker = Worker.start(config);
                 Database floorDb = Database.open(url, db.user, db.password, config.store().poolSize())) {
                worker.secrets().create(request(adminSecret, "Generic",
                        new AccountCredential("default", adminPassword).value().text(), null, false));
                int all = n + warmup;
                double seedRate = ParallelSeeding.run(2 * all, seedThreads, "secrets made (CreateSecret)", log, i ->
                        worker.secrets().create(i < all
                                ? request(engineName(i, n), "Redis", "$Auto",
                                        extendedConfig(targetId, users.enginePair(i)), true)
                                : request(floorName(i - all, n), "Redis", "$Auto",
                                        extendedConfig(targetId, users.floorPair(i - all)), false)));
                log.printf("%d secrets and %d twins made, %d of each for the warm-up (%.0f /s)%n", all, all, warmup,
                        seedRate);
                RedisFloorRotation[] floors = floors(worker, floorDb, node, users, all, n);
                ProcessCpu cpu = new ProcessCpu(db.name, ThrowawayServers.env("REDIS_PORT"));
                StormFloor floor = new StormFloor(node, adminPassword, scheduler.threads(), cpu);
                if (warmup > 0) {
                    // The JIT compiles the engine's, Quartz's and the floor's paths before anything is timed: in a
                    // fresh JVM the compiler threads take as much CPU during a storm as the rotations themselves.
                    log.printf("warm-up: %d floor rotations, then a storm of %d%n", warmup, warmup);
                    floor.pass(Arrays.copyOfRange(floors, n, all), log, null);
                    MadeDue warm = makeDue(worker, WARMUP_ENGINE_PREFIX, n, warmup, seedThreads,
                            Math.min(leadMs, 5_000 + 6L * warmup), log);
                    StormWatch.await(db, WARMUP_ENGINE_PREFIX, warm.at(), warmup, INTERVAL, cpu, log);
                }
                floors = Arrays.copyOf(floors, n);

                sent.skip();
                Floor before = floor.pass(floors, log, (admin, pending) ->
                        RedisFloorRotation.sameAcl(admin, pending, users.engineUserOf(pending)));
                StormRoundTrips.Count floorSent = sent.take(n, "floor", log);
                MadeDue due = makeDue(worker, ENGINE_PREFIX, 0, n, seedThreads, leadMs, log);
                sent.skip();
                Storm storm = StormWatch.await(db, ENGINE_PREFIX, due.at(), n, INTERVAL, cpu, log);
                StormRoundTrips.Count engineSent = sent.take(n, "engine (Quartz, RotationJob, engine)", log);
                Floor after = floor.pass(floors, log, null);
                // Not the target's figure: the engine's share of a storm, each secret's second rotation, no Quartz.
                Floor alone = floor.engineAlone(worker.engine(), java.util.stream.IntStream.range(0, n)
                        .mapToObj(i -> ENGINE_PREFIX + number(i)).toList(), log);
                return new Result(n, warmup, scheduler.threads(), config.store().poolSize(), seedRate, due.perSecond(),
                        leadMs, before, storm, after, alone, floorSent, engineSent);
            }
        } finally {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record MadeDue(Instant at, double perSecond) {
    }

    /** Makes the N secrets due at one instant {@code leadMs} from now, from {@code threads} callers. */
    private static MadeDue makeDue(Worker worker, String prefix, int first, int n, int threads, long leadMs,
                                   PrintStream log) throws Exception {
        long t0 = System.nanoTime();
        Instant due = Instant.now().plusMillis(leadMs);
        double rate = ParallelSeeding.run(n, threads, "secrets made due", log,
                i -> DueAt.make(worker, prefix + number(first + i), due));
        long spare = due.toEpochMilli() - System.currentTimeMillis();
        log.printf("%d secrets due at %s (%d ms from now; made due in %.1f s)%n", n, due, spare,
                (System.nanoTime() - t0) / 1e9);
        if (spare < 1000) {
            throw new IllegalStateException("--lead-ms " + leadMs + " was too short: the secrets were made due only "
                    + spare + " ms before their due time; give a longer one");
        }
        return new MadeDue(due, rate);
    }

    /** Each twin's floor, with its current account read (and decrypted) before any timing. */
    private static RedisFloorRotation[] floors(Worker worker, Database floorDb, HostAndPort node, AclUsers users,
                                               int n, int measured)
            throws SQLException {
        RedisFloorRotation[] floors = new RedisFloorRotation[n];
        for (int i = 0; i < n; i++) {
            String name = floorName(i, measured);
            AccountCredential current = AccountCredential.parse(worker.store().versionAt(name, Stages.CURRENT)
                    .orElseThrow().value(), "ACSCurrent");
            floors[i] = new RedisFloorRotation(node, users.floorPair(i),
                    FloorStoreWrites.of(floorDb.dataSource(), name), current);
        }
        return floors;
    }

    /** Secret {@code i} of the storm: the first {@code measured} are timed, the rest warm up. */
    private static String engineName(int i, int measured) {
        return (i < measured ? ENGINE_PREFIX : WARMUP_ENGINE_PREFIX) + number(i);
    }

    private static String floorName(int i, int measured) {
        return (i < measured ? FLOOR_PREFIX : WARMUP_FLOOR_PREFIX) + number(i);
    }

    static String number(int i) {
        return String.format("%07d", i);
    }

    private static String extendedConfig(String targetId, String account) {
        return JSON.createObjectNode().put("SecretSubType", "DoubleUsers").put("InstanceId", targetId)
                .put("AccountName", account).put("CloneAccountName", account + "_clone")
                .put("AccountPrivilege", "RoleReadWrite").toString();
    }

    private static NewSecretRequest request(String name, String type, String secretData, String extendedConfig,
                                            boolean rotation) {
        return new NewSecretRequest(name, "v0", NewSecretRequest.utf8(secretData), "text", type, extendedConfig,
                null, rotation, rotation ? INTERVAL.toDays() + "d" : null, null, "rotation storm benchmark");
    }

    /** The storm's ACL users on the throwaway Redis: two pairs per secret; closing deletes them all. */
    static final class AclUsers implements AutoCloseable {
        private final HostAndPort node;
        private final String adminPassword;
        private final String prefix;
        private final int n;

        AclUsers(HostAndPort node, String adminPassword, String prefix, int n) {
            this.node = node;
            this.adminPassword = adminPassword;
            this.prefix = prefix;
            this.n = n;
        }

        String enginePair(int i) {
            return prefix + "e" + number(i);
        }

        String floorPair(int i) {
            return prefix + "f" + number(i);
        }

        /** The engine's user of the same role as a floor user. */
        String engineUserOf(String floorUser) {
            return floorUser.replace(prefix + "f", prefix + "e");
        }

        @Override
        public void close() {
            try (Jedis admin = new Jedis(node, RedisFloorRotation.config("default", adminPassword))) {
                List<String> batch = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    for (String pair : List.of(enginePair(i), floorPair(i))) {
                        batch.add(pair);
                        batch.add(pair + "_clone");
                    }
                    if (batch.size() >= 400 || i == n - 1) {
                        admin.aclDelUser(batch.toArray(String[]::new));
                        batch.clear();
                    }
                }
            } catch (RuntimeException e) {
                System.err.println("could not delete the storm's ACL users (prefix " + prefix + "): "
                        + e.getMessage());
            }
        }
    }

    static Connection connect(ScaleDatabase db) throws SQLException {
        return DriverManager.getConnection(db.url, db.user, db.password);
    }

    static long queryLong(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
