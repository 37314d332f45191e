package dev.rotator.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.Target;
import dev.rotator.ecs.testing.HostUsers;
import dev.rotator.ecs.testing.HostUsers.User;
import dev.rotator.ecs.testing.SshLogins;
import dev.rotator.ecs.testing.SshServer;
import dev.rotator.ram.testing.RamProbe;
import dev.rotator.ram.testing.RamServer;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Sessions;
import dev.rotator.rds.testing.TestServer;
import dev.rotator.redis.testing.RedisPair;
import dev.rotator.redis.testing.RedisServer;
import dev.rotator.worker.cluster.WorkerProcesses.Proc;
import dev.rotator.worker.rds.Login;
import dev.rotator.worker.rds.RdsServer;
import dev.rotator.worker.rds.RdsWorker;
import dev.rotator.worker.testing.AdminCalls;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.EmptyDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several workers as separate processes of the packaged jar on one PostgreSQL store (a fresh database per test),
 * Quartz in cluster mode, rotating Redis dual-account (DoubleUsers) secrets on our own throwaway Redis primary and
 * replica (and, for the halts at step boundaries, Rds, PolarDB, ECS and RAM secrets too); crashes by kill -9 and by
 * the test-only fault-injection seam (-Drotator.test.haltAfterStep). The workers keep the default lock lease (10
 * minutes), so a dead worker's run completes in time only through the take-over of its lock. What is asserted is
 * what a user sees: the events of /admin/v1, GetSecretValue through the official SDK, and logins.
 * The number of secrets due at once is {@code -Dreliability.secrets} (default 300, as the issue asks; docs/reliability.md has the
 * run with 300).
 */
class ClusterReliabilityIT {
    private static final int SECRETS = Integer.getInteger("reliability.secrets", 300);
    private static final String PREFIX = "rel/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STEPS = List.of("create", "set", "test", "promote", "finish");
    private static final Duration ROTATIONS_DEADLINE = Duration.ofMinutes(6);
    /** How long a halted worker's rotation may take to complete on the next one; the lease is 10 minutes. */
    private static final Duration TAKE_OVER_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private EmptyDatabase store;
    private RedisPair redis;
    private WorkerProcesses workers;
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void quietJedis() {
        // One warning per login about RESP3 otherwise: thousands of lines from the ACSCurrent reader.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("redis.clients.jedis.Jedis")).setLevel(Level.ERROR);
    }

    @BeforeEach
    void setUp() throws Exception {
        store = TestDatabases.POSTGRESQL.createEmpty();
        redis = new RedisPair();
        workers = new WorkerProcesses(tmp, store, List.of(redis.target()));
    }

    @AfterEach
    void tearDown(TestInfo test) throws Exception {
        try {
            if (workers != null) {
                workers.close(test.getTestMethod().orElseThrow().getName());
            }
        } finally {
            try {
                if (redis != null) {
                    redis.close();
                }
            } finally {
                if (store != null) {
                    store.close();
                }
            }
        }
    }

    /**
     * (1) and (2): three workers, every secret due at the same moment; one worker is killed with kill -9 while it
     * holds rotations. Every secret is rotated exactly once (one create, one rotation Success in its events, the
     * killed worker's runs resumed elsewhere with their token), and ACSCurrent logs in at every look during the run.
     */
    @Test
    void threeWorkersRotateEverySecretDueAtOnceExactlyOnceThoughOneIsKilled() throws Exception {
        Proc first = workers.start(1);
        createAdminSecret(first);
        List<String> names = createSecrets(workers.admin(first), SECRETS, true);
        first.stop();

        // As if the rotation interval had passed while no worker ran: all due a few seconds after the workers start.
        Instant due = Instant.now().plusSeconds(25);
        sql("UPDATE secrets SET next_rotation_at = " + due.toEpochMilli() + " WHERE name LIKE '" + PREFIX + "%'");
        List<Proc> live = new CopyOnWriteArrayList<>(List.of(workers.start(1), workers.start(2), workers.start(3)));
        Proc victim = live.get(1);

        Reader reader = new Reader(names, live);
        Thread readerThread = new Thread(reader, "acscurrent-reader");
        readerThread.start();
        Set<String> inFlightOnVictim;
        Instant killedAt;
        try {
            inFlightOnVictim = killWhenHoldingRotations(victim, live, due);
            killedAt = Instant.now();
            awaitRotated(names, due);
        } finally {
            reader.stop.set(true);
            readerThread.join(60_000);
        }

        AdminCalls admin = workers.admin(live.get(0));
        List<String> notExactlyOnce = new ArrayList<>();
        for (String name : names) {
            Events events = Events.of(admin, name);
            if (events.count("create", "Success") != 1 || events.count("rotation", "Success") != 1) {
                notExactlyOnce.add(name + " " + events.summary());
            }
        }
        assertThat(notExactlyOnce).as("secrets not rotated exactly once").isEmpty();
        assertAllLogIn(workers.sdk(live.get(0)), names);
        assertThat(reader.failures).as("looks at ACSCurrent that did not log in (of %d)", reader.checks.get())
                .isEmpty();
        assertThat(reader.checks.get()).as("looks at ACSCurrent during the run").isGreaterThan(names.size());
        // With the default lease (10 minutes) the killed worker's runs can only have finished this soon because its
        // locks were taken over once the cluster declared it dead.
        Duration takeOver = Duration.between(killedAt, lastRotation(inFlightOnVictim));
        assertThat(takeOver).as("the killed worker's last rotation resumed elsewhere")
                .isLessThan(Duration.ofMinutes(3));
        System.out.printf("RELIABILITY secrets=%d rotations=%d workers=3 killed=1 (holding %d rotations) "
                        + "take-over=%.1fs (kill to the last of them rotated) acscurrent-checks=%d failed-checks=%d "
                        + "lost=%d%n", names.size(), names.size(), inFlightOnVictim.size(),
                takeOver.toMillis() / 1000.0, reader.checks.get(), reader.failures.size(), notExactlyOnce.size());
    }

    /**
     * (3) for Redis: a worker halted right after each step's success is stored; the next worker on the store takes
     * the run over (Quartz recovery) and the engine resumes it with the same version: it completes, with one create
     * and one rotation Success, and the new ACSCurrent logs in.
     */
    @Test
    void aRedisRotationKilledAtEachStepBoundaryCompletesAfterRestart() throws Exception {
        Proc setup = workers.start(1);
        createAdminSecret(setup);
        List<String> names = createSecrets(workers.admin(setup), STEPS.size(), false);
        setup.stop();
        haltAtEachStepBoundary(names, this::logsIn);
        System.out.printf("RELIABILITY Redis step-boundary halts=%d resumed=%d lost=0%n", STEPS.size(), STEPS.size());
    }

    /** (3) for Rds, MariaDB and PostgreSQL: DoubleUsers secrets, as for Redis above. */
    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void anRdsRotationKilledAtEachStepBoundaryCompletesAfterRestart(RdsServer server) throws Exception {
        RdsWorker.Sandbox sb = RdsWorker.Sandbox.create(server);
        try {
            workers.close();
            workers = new WorkerProcesses(tmp.resolve("rds"), store, List.of(sb.target()));
            Proc setup = workers.start(1);
            Client sdk = workers.sdk(setup);
            sdk.createSecret(new CreateSecretRequest().setSecretName(sb.adminSecret).setVersionId("v1")
                    .setSecretType("Rds").setSecretData(sb.adminLogin().imported())
                    .setExtendedConfig(Map.of("SecretSubType", "SingleUser", "DBInstanceId", sb.targetId)));
            List<String> names = new ArrayList<>();
            for (String step : STEPS) {
                String name = PREFIX + "rds-" + step;
                sdk.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v0").setSecretType("Rds")
                        .setSecretData("$Auto").setExtendedConfig(sb.created("DoubleUsers", sb.account("rel" + step),
                                "ReadWrite")));
                names.add(name);
            }
            setup.stop();
            haltAtEachStepBoundary(names, (client, name) -> {
                try {
                    Login current = Login.of(client.getSecretValue(new GetSecretValueRequest().setSecretName(name)
                            .setVersionStage("ACSCurrent")).getBody().getSecretData());
                    return server.logsIn(sb.database, current) ? null : name + ": ACSCurrent does not log in";
                } catch (Exception e) {
                    return name + ": " + e.getClass().getSimpleName();
                }
            });
            System.out.printf("RELIABILITY Rds %s step-boundary halts=%d resumed=%d lost=0%n", server, STEPS.size(),
                    STEPS.size());
        } finally {
            workers.close();
            sb.tearDown();
        }
    }

    /** (3) for PolarDB, MySQL (MariaDB) and PostgreSQL clusters: DoubleUsers secrets, as for Redis above. */
    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aPolarDbRotationKilledAtEachStepBoundaryCompletesAfterRestart(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            String cluster = "pc-" + server.name().toLowerCase();
            String adminSecret = "targets/" + cluster + "/admin";
            workers.close();
            workers = new WorkerProcesses(tmp.resolve("polardb"), store,
                    List.of(new Target(cluster, "polardb", sb.target(cluster, adminSecret).settings())));
            Proc setup = workers.start(1);
            Client sdk = workers.sdk(setup);
            sdk.createSecret(new CreateSecretRequest().setSecretName(adminSecret).setVersionId("v1")
                    .setSecretData(Accounts.value(server.adminUser(), server.adminPassword()).text()));
            List<String> names = new ArrayList<>();
            for (String step : STEPS) {
                String account = sb.account("rel" + step);
                Map<String, Object> config = new java.util.LinkedHashMap<>();
                config.put("SecretSubType", "DoubleUsers");
                config.put("DBClusterId", cluster);
                config.put("DBType", server.engine() == DbEngine.MYSQL ? "MySQL" : "PostgreSQL");
                config.put("AccountName", account);
                config.put("CloneAccountName", DbEngine.cloneOf(account));
                config.put("AccountType", "Normal");
                config.put("AccountPrivilege", "ReadWrite");
                config.put("DBName", sb.database);
                String name = PREFIX + "polardb-" + step;
                sdk.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v0")
                        .setSecretType("PolarDB").setSecretData("$Auto").setExtendedConfig(config));
                names.add(name);
            }
            setup.stop();
            haltAtEachStepBoundary(names, (client, name) -> {
                try {
                    SecretValue current = SecretValue.text(client.getSecretValue(new GetSecretValueRequest()
                            .setSecretName(name).setVersionStage("ACSCurrent")).getBody().getSecretData());
                    return Sessions.logsIn(sb, Accounts.name(current), Accounts.password(current)) ? null
                            : name + ": ACSCurrent does not log in";
                } catch (Exception e) {
                    return name + ": " + e.getClass().getSimpleName();
                }
            });
            System.out.printf("RELIABILITY PolarDB %s step-boundary halts=%d resumed=%d lost=0%n", server,
                    STEPS.size(), STEPS.size());
        } finally {
            workers.close();
        }
    }

    /**
     * (3) for ECS: Password secrets of users on a throwaway sshd (rotator-ecs' test fixtures), managed through a
     * uid-0 login whose own secret the workers read; ACSCurrent checked by an ssh login.
     */
    @Test
    void anEcsRotationKilledAtEachStepBoundaryCompletesAfterRestart() throws Exception {
        try (SshServer host = SshServer.start(); HostUsers users = new HostUsers()) {
            User root = users.rootAlias("relroot", "Root-" + run);
            String targetId = "rel-host-" + run;
            String rootSecret = "acs/ecs/" + targetId + "/" + root.name();
            workers.close();
            workers = new WorkerProcesses(tmp.resolve("ecs"), store, List.of(new Target(targetId, "ecs", Map.of(
                    "host", "127.0.0.1", "port", host.port(), "knownHosts", host.knownHostsFile().toString(),
                    "adminSecret", rootSecret))));
            Proc setup = workers.start(1);
            Client sdk = workers.sdk(setup);
            Map<String, Object> config = Map.of("SecretSubType", "Password", "InstanceId", targetId);
            sdk.createSecret(new CreateSecretRequest().setSecretName(rootSecret).setVersionId("v1").setSecretType("ECS")
                    .setSecretData(userPassword(root.name(), root.password())).setExtendedConfig(config));
            List<String> names = new ArrayList<>();
            for (String step : STEPS) {
                User app = users.user("rel" + step, "Old-" + step + "-" + run);
                String name = "acs/ecs/" + targetId + "/" + app.name();
                sdk.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v0").setSecretType("ECS")
                        .setSecretData(userPassword(app.name(), app.password())).setExtendedConfig(config));
                names.add(name);
            }
            setup.stop();
            haltAtEachStepBoundary(names, (client, name) -> {
                try {
                    JsonNode current = JSON.readTree(client.getSecretValue(new GetSecretValueRequest()
                            .setSecretName(name).setVersionStage("ACSCurrent")).getBody().getSecretData());
                    return SshLogins.password(host, current.path("UserName").asText(),
                            current.path("Password").asText()) ? null : name + ": ACSCurrent does not log in by ssh";
                } catch (Exception e) {
                    return name + ": " + e.getClass().getSimpleName();
                }
            });
            System.out.printf("RELIABILITY ECS step-boundary halts=%d resumed=%d lost=0%n", STEPS.size(),
                    STEPS.size());
        } finally {
            workers.close();
        }
    }

    /**
     * (3) for RAM: one RAM user's AccessKey per secret on a local RAM API (rotator-ram's test server, reached by the
     * worker processes through the targets' endpoint); rotate-now with the shortest OverlapWindow (10 minutes), which
     * is passed in the store (see {@link #haltAtEachStepBoundary(List, LoginCheck, Map, boolean)}). ACSCurrent is
     * checked by a call signed with it; the finish leaves the user one key, the new one.
     */
    @Test
    void aRamRotationKilledAtEachStepBoundaryCompletesAfterRestart() throws Exception {
        try (RamServer ram = RamServer.start()) {
            String adminSecret = "targets/ram-admin";
            ram.addUser("rotator-admin", RamServer.ALL);
            List<Target> targets = new ArrayList<>();
            for (String step : STEPS) {
                ram.addUser("rel-" + step, Set.of());
                targets.add(new Target("rel-" + step, "ram", Map.of("endpoint", String.valueOf(ram.endpoint()),
                        "adminSecret", adminSecret)));
            }
            workers.close();
            workers = new WorkerProcesses(tmp.resolve("ram"), store, targets);
            Proc setup = workers.start(1);
            Client sdk = workers.sdk(setup);
            RamServer.Credential admin = ram.addKey("rotator-admin");
            sdk.createSecret(new CreateSecretRequest().setSecretName(adminSecret).setVersionId("v1")
                    .setSecretData(accessKey(admin)));
            List<String> names = new ArrayList<>();
            for (String step : STEPS) {
                String user = "rel-" + step;
                String name = sdk.createSecret(new CreateSecretRequest().setSecretName("$Auto")
                        .setSecretType("RAMCredentials").setVersionId("v0")
                        .setSecretData("{\"AccessKeys\":[" + accessKey(ram.addKey(user)) + "]}")
                        .setExtendedConfig(Map.of("SecretSubType", "RamUserAccessKey", "UserName", user)))
                        .getBody().getSecretName();
                names.add(name);
            }
            setup.stop();
            haltAtEachStepBoundary(names, (client, name) -> {
                try {
                    String user = name.substring(name.lastIndexOf('/') + 1);
                    JsonNode current = JSON.readTree(client.getSecretValue(new GetSecretValueRequest()
                            .setSecretName(name).setVersionStage("ACSCurrent")).getBody().getSecretData());
                    String id = current.path("AccessKeyId").asText();
                    if (!RamProbe.works(ram, user, id, current.path("AccessKeySecret").asText())) {
                        return name + ": ACSCurrent does not authenticate on RAM";
                    }
                    return ram.keyIds(user).equals(List.of(id)) ? null
                            : name + ": the user holds " + ram.keyIds(user) + " after the finish, not only " + id;
                } catch (Exception e) {
                    return name + ": " + e.getClass().getSimpleName();
                }
            }, Map.of("OverlapWindow", "10m"), true);
            System.out.printf("RELIABILITY RAM step-boundary halts=%d resumed=%d lost=0%n", STEPS.size(),
                    STEPS.size());
        } finally {
            workers.close();
        }
    }

    private static String userPassword(String user, String password) throws Exception {
        return JSON.writeValueAsString(Map.of("UserName", user, "Password", password));
    }

    private static String accessKey(RamServer.Credential key) throws Exception {
        return JSON.writeValueAsString(Map.of("AccessKeyId", key.accessKeyId(), "AccessKeySecret",
                key.accessKeySecret()));
    }

    /**
     * For each step, secret {@code names[i]}: a worker that halts after that step takes a rotate-now and dies; a
     * worker started after it (no fault) completes the rotation with the same version, which logs in. For a rotator
     * with nothing to finish (all but RAM's), the finish step is recorded with the promote, which gives the lock
     * back: after a halt there, as after the finish, there is nothing left to take over.
     */
    private void haltAtEachStepBoundary(List<String> names, LoginCheck loginCheck) throws Exception {
        haltAtEachStepBoundary(names, loginCheck, Map.of(), false);
    }

    /**
     * @param rotateOptions       more of rotate-now's body (RAM: its OverlapWindow)
     * @param finishAfterAWindow  the finish step waits for an overlap window (RAM, 10 minutes at least): the window
     *                            is passed in the store while no worker runs ({@link #passOverlapWindow}), as if it
     *                            had ended meanwhile, and the next worker started runs the finish at once. RAM is
     *                            the one rotator with a finish step of its own; every other one's is recorded with
     *                            its promote
     */
    private void haltAtEachStepBoundary(List<String> names, LoginCheck loginCheck, Map<String, Object> rotateOptions,
                                        boolean finishAfterAWindow) throws Exception {
        List<String> takeOvers = new ArrayList<>();
        for (int i = 0; i < STEPS.size(); i++) {
            String step = STEPS.get(i);
            String name = names.get(i);
            String versionId = "v-" + step;
            Map<String, Object> rotate = new java.util.LinkedHashMap<>(rotateOptions);
            rotate.put("VersionId", versionId);
            Proc halting;
            if (finishAfterAWindow && step.equals("finish")) {
                // Rotated up to promote by a worker without the fault; the window passes while none runs; the
                // halting worker runs the finish as it starts.
                Proc plain = workers.start(1);
                rotateNow(plain, name, rotate);
                awaitCurrent(workers.admin(plain), name, versionId, TAKE_OVER_DEADLINE);
                plain.stop();
                passOverlapWindow(name);
                halting = workers.launchHaltingAfter(1, step);
            } else {
                halting = workers.startHaltingAfter(1, step);
                rotateNow(halting, name, rotate);
            }
            assertThat(halting.process().waitFor(60, TimeUnit.SECONDS)).as("worker halted after %s", step).isTrue();
            assertThat(halting.process().exitValue()).as("exit status of the halted worker").isEqualTo(137);
            assertThat(halting.output()).contains("halting after step " + step + " of secret '" + name + "'");
            Instant haltedAt = Instant.now();

            Proc next = workers.start(1);
            AdminCalls admin = workers.admin(next);
            boolean runEnded = step.equals("finish") || (step.equals("promote") && !finishAfterAWindow);
            if (!runEnded) {
                // The halted run still holds the lock, for the default lease of 10 minutes: the next worker goes on
                // only by taking it over, once the cluster has declared the halted one dead.
                awaitOutput(next, "took over the rotation lock of secret '" + name + "'", TAKE_OVER_DEADLINE);
                takeOvers.add(step + "=" + Duration.between(haltedAt, Instant.now()).toMillis() / 100 / 10.0 + "s");
            }
            awaitCurrent(admin, name, versionId, TAKE_OVER_DEADLINE);
            if (finishAfterAWindow && !step.equals("finish")) {
                next.stop();
                passOverlapWindow(name);
                next = workers.start(1);
                admin = workers.admin(next);
            }
            awaitFinished(admin, name, TAKE_OVER_DEADLINE);
            Events events = Events.of(admin, name);
            assertThat(events.count("create", "Success")).as("creates of %s: %s", name, events.summary()).isEqualTo(1);
            assertThat(events.count("rotation", "Success")).as("rotations of %s: %s", name, events.summary())
                    .isEqualTo(1);
            assertThat(loginCheck.failure(workers.sdk(next), name)).as("ACSCurrent of %s logs in", name).isNull();
            next.stop();
        }
        System.out.println("RELIABILITY take-over (halt to the lock taken by the next worker): "
                + String.join(" ", takeOvers));
    }

    private void rotateNow(Proc worker, String name, Map<String, Object> body) {
        AdminCalls.Answer queued = workers.admin(worker).post("/secrets/" + name + "/rotate", body);
        assertThat(queued.status()).as("rotate-now of %s: %s", name, queued.body()).isEqualTo(202);
    }

    /** Moves a waiting finish step's due time to now, as if its overlap window had ended while no worker ran. */
    private void passOverlapWindow(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password());
             PreparedStatement ps = c.prepareStatement("UPDATE secrets SET finish_due_at = ? WHERE name = ? "
                     + "AND finish_owed IS NOT NULL AND finish_due_at IS NOT NULL")) {
            ps.setLong(1, Instant.now().toEpochMilli());
            ps.setString(2, name);
            assertThat(ps.executeUpdate()).as("%s waits for its finish", name).isEqualTo(1);
        }
    }

    /** Null when the secret's ACSCurrent logs in on its target, else why not (never the value). */
    @FunctionalInterface
    private interface LoginCheck {
        String failure(Client sdk, String name);
    }

    /**
     * (4) The store's PostgreSQL restarted (our own server, never the shared one) while two workers rotate: both
     * report not ready on /readyz while it is down and ready again after, with no restart of theirs, and every
     * queued rotation completes.
     */
    @Test
    void storeRestartedDuringARunMakesWorkersNotReadyThenTheyRecoverAlone() throws Exception {
        try (OwnPostgres pg = OwnPostgres.start()) {
            workers.close();
            workers = new WorkerProcesses(tmp.resolve("own-pg"), pg.createDatabase("rotator"),
                    List.of(redis.target()));
            Proc one = workers.start(1);
            createAdminSecret(one);
            List<String> names = createSecrets(workers.admin(one), 20, false);
            Proc two = workers.start(2);
            Map<String, String> queued = new java.util.LinkedHashMap<>();
            for (String name : names) {
                AdminCalls.Answer a = workers.admin(names.indexOf(name) % 2 == 0 ? one : two)
                        .post("/secrets/" + name + "/rotate", Map.of());
                assertThat(a.status()).as("rotate-now of %s: %s", name, a.body()).isEqualTo(202);
                queued.put(name, a.body().path("VersionId").asText());
            }

            pg.stopServer();
            for (Proc w : List.of(one, two)) {
                assertThat(awaitReadyz(w, false, Duration.ofSeconds(30)))
                        .as("worker %d not ready while the store is down", w.number()).isNotEqualTo(200);
            }
            Thread.sleep(3_000); // down for a while, not just a blink
            pg.startServer();
            for (Proc w : List.of(one, two)) {
                assertThat(awaitReadyz(w, true, Duration.ofSeconds(60)))
                        .as("worker %d ready again without a restart", w.number()).isEqualTo(200);
                assertThat(w.process().isAlive()).isTrue();
            }
            AdminCalls admin = workers.admin(two);
            for (Map.Entry<String, String> q : queued.entrySet()) {
                awaitCurrent(admin, q.getKey(), q.getValue(), Duration.ofSeconds(120));
                Events events = Events.of(admin, q.getKey());
                assertThat(events.count("rotation", "Success")).as("%s: %s", q.getKey(), events.summary())
                        .isEqualTo(1);
            }
            assertAllLogIn(workers.sdk(one), names);
            System.out.printf("RELIABILITY store restart: workers=2 rotations=%d lost=0%n", queued.size());
        }
    }

    /**
     * (5) The target down longer than a rotation's retries, with two workers: AutomaticRotation turns Invalid and
     * the events say why, as both workers answer; once the target is back, rotate-now through the other worker
     * resumes the same rotation, it succeeds (once) and AutomaticRotation is Enabled.
     */
    @Test
    void targetDownTurnsRotationInvalidThenBackToEnabledOnceItReturns() throws Exception {
        Proc w = workers.start(1);
        createAdminSecret(w);
        String name = createSecrets(workers.admin(w), 1, true).get(0);
        Proc other = workers.start(2);
        AdminCalls admin = workers.admin(w);
        AdminCalls otherAdmin = workers.admin(other);
        redis.replica.stop();
        redis.primary.stop();
        try {
            AdminCalls.Answer a = admin.post("/secrets/" + name + "/rotate", Map.of("VersionId", "v-down"));
            assertThat(a.status()).as("rotate-now: %s", a.body()).isEqualTo(202);
            JsonNode state = awaitState(admin, name, "Invalid", Duration.ofSeconds(120));
            assertThat(state.path("LastError").path("Message").asText()).contains("redis target 'r-1'");
            assertThat(otherAdmin.get("/secrets/" + name + "/rotation").body().path("AutomaticRotation").asText())
                    .as("as the other worker answers").isEqualTo("Invalid");
            Events events = Events.of(otherAdmin, name);
            assertThat(events.count("rotation", "Failure")).as(events.summary()).isEqualTo(1);
            assertThat(events.messages("Failure")).anyMatch(m -> m.contains("redis target 'r-1'"));
        } finally {
            redis.primary.start();
            redis.replica.start();
        }
        AdminCalls.Answer again = otherAdmin.post("/secrets/" + name + "/rotate", Map.of());
        assertThat(again.status()).as("rotate-now once the target is back: %s", again.body()).isEqualTo(202);
        assertThat(again.body().path("VersionId").asText()).as("the rotation resumed").isEqualTo("v-down");
        awaitCurrent(otherAdmin, name, "v-down", Duration.ofSeconds(60));
        awaitState(admin, name, "Enabled", Duration.ofSeconds(30));
        Events events = Events.of(admin, name);
        assertThat(events.count("rotation", "Success")).as(events.summary()).isEqualTo(1);
        assertThat(events.count("create", "Success")).as(events.summary()).isEqualTo(1);
        assertAllLogIn(workers.sdk(other), List.of(name));
        assertAllLogIn(workers.sdk(w), List.of(name));
        System.out.printf("RELIABILITY target outage: workers=2 tries=%d then Invalid, resumed v-down, Enabled, "
                + "lost=0%n", events.failedTries());
    }

    // ---- helpers ----

    /** Polls /readyz until it is (or is not) 200; returns the last status. */
    private static int awaitReadyz(Proc w, boolean ready, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        int status = WorkerProcesses.readyz(w);
        while ((status == 200) != ready && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = WorkerProcesses.readyz(w);
        }
        return status;
    }

    private static JsonNode awaitState(AdminCalls admin, String name, String automaticRotation, Duration limit)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            JsonNode state = admin.get("/secrets/" + name + "/rotation").body();
            if (automaticRotation.equals(state.path("AutomaticRotation").asText())) {
                return state;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("AutomaticRotation of " + name + " not " + automaticRotation + " within " + limit + ": " + state);
            }
            Thread.sleep(200);
        }
    }

    private void createAdminSecret(Proc worker) throws Exception {
        workers.sdk(worker).createSecret(new CreateSecretRequest().setSecretName(RedisPair.ADMIN_SECRET)
                .setVersionId("v1").setSecretData(Accounts.value(RedisServer.ADMIN_USER, RedisServer.ADMIN_PASSWORD)
                        .text()));
    }

    /** Redis DoubleUsers secrets on the target, made 50 at a time with Create Bulk Secrets. */
    private List<String> createSecrets(AdminCalls admin, int count, boolean automaticRotation) {
        List<String> names = new ArrayList<>();
        for (int start = 0; start < count; start += 50) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 50); i++) {
                String account = "rel_" + run + "_" + i;
                names.add(PREFIX + account);
                batch.add(Map.of("SecretName", PREFIX + account, "EnableAutomaticRotation", automaticRotation,
                        "RotationInterval", "7d", "ExtendedConfig", Map.of("AccountName", account,
                                "AccountPrivilege", "RoleReadWrite")));
            }
            AdminCalls.Answer a = admin.post("/targets/" + RedisPair.TARGET + "/secrets", Map.of("Secrets", batch));
            assertThat(a.status()).as("Create Bulk Secrets: %s", a.body()).isEqualTo(201);
        }
        return names;
    }

    /** Waits until the victim holds a rotation lock after some secrets were rotated, kills it, names what it held. */
    private Set<String> killWhenHoldingRotations(Proc victim, List<Proc> live, Instant due) throws Exception {
        // Lock owners are the workers' Quartz instance ids: instance/<random>/<pid>@<host>.
        String owner = "%/" + victim.process().pid() + "@";
        Instant deadline = Instant.now().plus(ROTATIONS_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (rotatedSince(due) >= SECRETS / 4) {
                // Leases still running: a run that ended gave its lock back (expired it) and keeps its row.
                Set<String> held = strings("SELECT secret_name FROM rotation_locks WHERE owner LIKE '" + owner
                        + "%' AND expires_at > " + System.currentTimeMillis());
                if (!held.isEmpty()) {
                    // Out of the readers' rotation first: a call cut short by the kill is no look at ACSCurrent.
                    live.remove(victim);
                    victim.kill();
                    return held;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("worker " + victim.number() + " never held a rotation; output:\n" + victim.output());
    }

    private void awaitRotated(List<String> names, Instant due) throws Exception {
        Instant deadline = Instant.now().plus(ROTATIONS_DEADLINE);
        while (rotatedSince(due) < names.size()) {
            if (Instant.now().isAfter(deadline)) {
                fail("only " + rotatedSince(due) + " of " + names.size() + " secrets rotated within "
                        + ROTATIONS_DEADLINE + "; not rotated: " + strings("SELECT name FROM secrets WHERE name LIKE '"
                        + PREFIX + "%' AND (last_rotation_at IS NULL OR last_rotation_at < " + due.toEpochMilli() + ")"));
            }
            Thread.sleep(500);
        }
    }

    /** When the last of these secrets was rotated, as the store recorded it. */
    private Instant lastRotation(Set<String> names) throws SQLException {
        Set<String> at = strings("SELECT MAX(last_rotation_at) FROM secrets WHERE name IN ('"
                + String.join("','", names) + "')");
        return Instant.ofEpochMilli(Long.parseLong(at.iterator().next()));
    }

    private long rotatedSince(Instant due) throws SQLException {
        return strings("SELECT name FROM secrets WHERE name LIKE '" + PREFIX + "%' AND last_rotation_at >= "
                + due.toEpochMilli()).size();
    }

    private static void awaitCurrent(AdminCalls admin, String name, String versionId, Duration limit)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            JsonNode state = admin.get("/secrets/" + name + "/rotation").body();
            for (JsonNode v : state.path("Versions")) {
                if (v.path("VersionId").asText().equals(versionId)
                        && v.path("VersionStages").toString().contains("ACSCurrent")) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                fail("version " + versionId + " of " + name + " not ACSCurrent within " + limit + ": " + state);
            }
            Thread.sleep(200);
        }
    }

    private static void awaitOutput(Proc worker, String line, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!worker.output().contains(line)) {
            if (Instant.now().isAfter(deadline)) {
                fail("worker " + worker.number() + " did not log \"" + line + "\" within " + limit);
            }
            Thread.sleep(200);
        }
    }

    /** Waits for the finish step's success in the secret's events: the rotation has nothing left to do. */
    private static void awaitFinished(AdminCalls admin, String name, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Events.of(admin, name).count("finish", "Success") < 1) {
            if (Instant.now().isAfter(deadline)) {
                fail("the rotation of " + name + " not finished within " + limit + ": "
                        + Events.of(admin, name).summary());
            }
            Thread.sleep(200);
        }
    }

    private void assertAllLogIn(Client sdk, List<String> names) throws Exception {
        for (String name : names) {
            assertThat(logsIn(sdk, name)).as("ACSCurrent of %s logs in", name).isNull();
        }
    }

    /** Null when ACSCurrent of the Redis secret logs in on the primary, else why not (never the value). */
    private String logsIn(Client sdk, String name) {
        try {
            SecretValue current = SecretValue.text(sdk.getSecretValue(new GetSecretValueRequest().setSecretName(name)
                    .setVersionStage("ACSCurrent")).getBody().getSecretData());
            try (var j = redis.primary.login(Accounts.name(current), Accounts.password(current))) {
                j.ping();
            }
            return null;
        } catch (Exception e) {
            return name + ": " + e.getClass().getSimpleName();
        }
    }

    private Set<String> strings(String query) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password());
             PreparedStatement ps = c.prepareStatement(query);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password());
             PreparedStatement ps = c.prepareStatement(statement)) {
            ps.executeUpdate();
        }
    }

    /** Looks at every secret's ACSCurrent in turn, through whichever workers are alive, until stopped. */
    private final class Reader implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong checks = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final List<String> names;
        private final List<Proc> live;

        Reader(List<String> names, List<Proc> live) {
            this.names = names;
            this.live = live;
        }

        @Override
        public void run() {
            try {
                for (int round = 0; !stop.get(); round++) {
                    Proc via = live.get(round % live.size());
                    Client sdk = workers.sdk(via);
                    for (String name : names) {
                        if (stop.get()) {
                            return;
                        }
                        if (!live.contains(via)) {
                            break; // killed meanwhile: next round goes through another worker
                        }
                        String failure = logsIn(sdk, name);
                        if (failure != null && live.contains(via)) {
                            failures.add(failure);
                        }
                        checks.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                failures.add("reader stopped: " + e);
            }
        }
    }

    /** A secret's events as /admin/v1 lists them (newest 1000). */
    private record Events(JsonNode list) {
        static Events of(AdminCalls admin, String name) {
            AdminCalls.Answer a = admin.get("/secrets/" + name + "/events?limit=1000");
            assertThat(a.status()).as("events of %s", name).isEqualTo(200);
            return new Events(a.body().path("Events"));
        }

        long count(String step, String outcome) {
            long n = 0;
            for (JsonNode e : list) {
                if (step.equals(e.path("Step").asText()) && outcome.equals(e.path("Outcome").asText())) {
                    n++;
                }
            }
            return n;
        }

        /** Tries of a step that failed (retried or given up), the rotation's own outcome not counted. */
        long failedTries() {
            long n = 0;
            for (JsonNode e : list) {
                String outcome = e.path("Outcome").asText();
                boolean failed = outcome.equals("Retry") || outcome.equals("Failure");
                if (failed && !"rotation".equals(e.path("Step").asText())) {
                    n++;
                }
            }
            return n;
        }

        List<String> messages(String outcome) {
            List<String> out = new ArrayList<>();
            list.forEach(e -> {
                if (outcome.equals(e.path("Outcome").asText())) {
                    out.add(e.path("ErrorMessage").asText());
                }
            });
            return out;
        }

        String summary() {
            List<String> lines = new ArrayList<>();
            list.forEach(e -> lines.add(e.path("Step").asText() + ":" + e.path("Outcome").asText()
                    + (e.path("ErrorCode").isNull() ? "" : "(" + e.path("ErrorCode").asText() + ")")));
            return String.join(",", lines);
        }
    }
}
