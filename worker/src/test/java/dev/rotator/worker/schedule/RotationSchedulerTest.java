package dev.rotator.worker.schedule;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.RotationError;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.FakeTargets;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestStores;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Quartz on the store's database: a secret with rotation on has one job and one schedule trigger,
 * whose next fire time is the secret's NextRotationDate through creation, policy changes,
 * rotations, failures, restarts and lost Quartz rows. Checked in the Quartz tables themselves.
 */
class RotationSchedulerTest {
    private static final String RDS_CONFIG = "{\"SecretSubType\":\"DoubleUsers\",\"DBInstanceId\":\"db1\"}";
    private static final String PASSWORD = "Initial-pw-0";
    private static final String RDS_VALUE = "{\"Accounts\":[{\"AccountName\":\"app\",\"AccountPassword\":\"" + PASSWORD
            + "\"}]}";
    private static final Duration SIX_HOURS = Duration.ofHours(6);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** One database of each kind for the class (creating one is most of a test's time); every test has its own secrets. */
    private static final Map<TestDatabases, Shared> DATABASES = new EnumMap<>(TestDatabases.class);

    private record Shared(TestDatabase db, JdbcSecretStore store, LocalKeyRing keys) {
    }

    private TestDatabase db;
    private JdbcSecretStore store;
    private SecretService service;
    private final List<RotationScheduler> started = new ArrayList<>();
    private RotationScheduler scheduler;

    /** Each secret on a fake target of its own, behind a set step that can be slowed down and that counts how many run at once. */
    private final FakeTargets targets = new FakeTargets();
    private volatile Duration setTime = Duration.ZERO;
    private final AtomicInteger setsRunning = new AtomicInteger();
    private final AtomicInteger mostSetsAtOnce = new AtomicInteger();
    private final CountDownLatch setStarted = new CountDownLatch(1);
    private volatile Runnable setHook = () -> { };
    private final Rotator rotator = new Rotator() {
        @Override
        public CreateResponse create(CreateRequest request) {
            return targets.create(request);
        }

        @Override
        public SetResponse set(SetRequest request) {
            mostSetsAtOnce.accumulateAndGet(setsRunning.incrementAndGet(), Math::max);
            setStarted.countDown();
            setHook.run();
            try {
                Thread.sleep(setTime.toMillis());
                return targets.set(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            } finally {
                setsRunning.decrementAndGet();
            }
        }

        @Override
        public void test(TestRequest request) {
            targets.test(request);
        }
    };

    private void open(TestDatabases kind) {
        Shared shared = DATABASES.computeIfAbsent(kind, k -> {
            TestDatabase created = k.create();
            LocalKeyRing keyRing = new LocalKeyRing(created.database().dataSource(), RootKey.generate());
            keyRing.ensureDefaultKey();
            return new Shared(created, new JdbcSecretStore(created.database(), new EnvelopeCipher(keyRing)), keyRing);
        });
        db = shared.db();
        store = shared.store();
        LocalKeyRing keys = shared.keys();
        scheduler = startScheduler();
        // Goes through the current scheduler, so a restart in a test re-wires the service too.
        service = new SecretService(store, keys, new RotatorRegistry(Map.of(SecretType.RDS, rotator)),
                s -> scheduler.sync(s), Clock.systemUTC());
    }

    /** As the worker starts it: clustered on a server database (start reconciles every secret). */
    private RotationScheduler startScheduler() {
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, rotator)),
                new RetryPolicy(2, Duration.ofMillis(10), 1.0, Duration.ofMillis(10)), Duration.ofMinutes(10),
                "worker-" + started.size(), Clock.systemUTC(), Sleeper.REAL);
        RotationScheduler s = RotationScheduler.start(db.database(), store, engine, 4,
                db.database().dialect().supportsCluster());
        started.add(s);
        return s;
    }

    @AfterEach
    void stopSchedulers() {
        for (RotationScheduler s : started) {
            s.shutdown(Duration.ofSeconds(5));
        }
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        for (Shared shared : DATABASES.values()) {
            shared.db().close();
        }
        DATABASES.clear();
    }

    // ---- the cases --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theTriggerFollowsNextRotationDateThroughPolicyChangesAndRotations(TestDatabases kind) {
        open(kind);
        Secret created = create("db/app");
        assertThat(created.rotation().nextRotation()).isAfter(Instant.now().plus(SIX_HOURS).minusSeconds(60));
        assertScheduleMatchesStore("db/app");

        service.updateRotationPolicy("db/app", true, "12h");
        assertThat(next("db/app")).isEqualTo(ms(created.createTime()).plus(Duration.ofHours(12)));
        assertScheduleMatchesStore("db/app");

        service.updateRotationPolicy("db/app", false, null);
        assertThat(store.find("db/app").orElseThrow().rotation().nextRotation()).isNull();
        assertNoScheduleTrigger("db/app");

        service.updateRotationPolicy("db/app", true, "8h");
        assertThat(next("db/app")).isEqualTo(ms(created.createTime()).plus(Duration.ofHours(8)));
        assertScheduleMatchesStore("db/app");

        // A rotation on its schedule: due in a moment (the API's shortest interval is hours).
        dueAt("db/app", Instant.now().plusMillis(300));
        awaitRotations("db/app", 1);
        Secret rotated = assertScheduleMatchesStore("db/app");
        assertThat(rotated.rotation().nextRotation()).isEqualTo(rotated.rotation().lastRotation()
                .plus(Duration.ofHours(8)));
        assertThat(rotated.rotation().state()).isEqualTo(AutomaticRotation.Enabled);

        // Rotate-now moves the schedule too: the next one is an interval after it.
        scheduler.rotateNow("db/app", "now-1");
        await("rotate-now promoted", () -> currentVersion("db/app").equals("now-1"));
        Secret again = assertScheduleMatchesStore("db/app");
        assertThat(again.rotation().lastRotation()).isAfter(rotated.rotation().lastRotation());
        assertThat(again.rotation().nextRotation()).isEqualTo(again.rotation().lastRotation().plus(Duration.ofHours(8)));
        assertThat(rotationSuccesses("db/app")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aRotationMissedWhileNoWorkerRanHappensOnceAtStartUp(TestDatabases kind) {
        open(kind);
        create("db/missed");
        scheduler.shutdown(Duration.ofSeconds(5));
        // Due two hours ago, long past Quartz's misfire threshold: the worker was down meanwhile.
        Secret s = store.find("db/missed").orElseThrow();
        store.recordRotation("db/missed", s.rotation().withNextRotation(ms(Instant.now().minus(Duration.ofHours(2)))),
                null);

        Instant restart = ms(Instant.now());
        scheduler = startScheduler();

        awaitRotations("db/missed", 1);
        Secret after = assertScheduleMatchesStore("db/missed");
        assertThat(after.rotation().lastRotation()).isAfterOrEqualTo(restart);
        assertThat(after.rotation().nextRotation()).isEqualTo(after.rotation().lastRotation().plus(SIX_HOURS));
        // Once: the trigger that is left fires in six hours, and nothing is running or queued.
        assertThat(store.versions("db/missed")).hasSize(2);
        assertThat(rotationSuccesses("db/missed")).isEqualTo(1);
    }

    @Test
    void aDueTimeThatPassedWhileNoWorkerRanFiresOnceAtStartUp() throws Exception {
        open(TestDatabases.H2);
        create("db/short-outage");
        // The trigger itself comes due while the worker is down (store and Quartz agree on the time).
        Instant due = ms(Instant.now().plusMillis(1500));
        dueAt("db/short-outage", due);
        scheduler.shutdown(Duration.ofSeconds(5));
        assertThat(rotationSuccesses("db/short-outage")).as("stopped before it was due").isZero();
        assertThat(quartzTriggers("db/short-outage")).extracting(QuartzTrigger::nextFire).containsExactly(due);
        await("the due time passed", () -> Instant.now().isAfter(due.plusMillis(200)));

        scheduler = startScheduler();

        awaitRotations("db/short-outage", 1);
        assertScheduleMatchesStore("db/short-outage");
        assertThat(store.versions("db/short-outage")).hasSize(2);
    }

    @Test
    void whileARotateNowRunsAnotherIsRefusedItsRepeatIsHarmlessAndADueScheduleWaitsItsTurn() throws Exception {
        open(TestDatabases.H2);
        create("db/busy");
        setTime = Duration.ofMillis(1500);

        scheduler.rotateNow("db/busy", "first");
        assertThat(setStarted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> scheduler.rotateNow("db/busy", "second"))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS))
                .hasMessageContaining("being rotated");
        scheduler.rotateNow("db/busy", "first"); // the same token again: nothing more
        dueAt("db/busy", Instant.now()); // the schedule comes due while the rotate-now runs

        await("rotated and rescheduled", () -> store.version("db/busy", "first").isPresent()
                && store.versionAt("db/busy", Stages.PENDING).isEmpty()
                && quartzTriggers("db/busy").size() == 1 && next("db/busy").isAfter(Instant.now().plusSeconds(3600)));
        assertThat(mostSetsAtOnce.get()).as("set steps running at once").isEqualTo(1);
        // Had Quartz started the scheduled run while the first ran, it would have met the engine's lock and failed.
        assertThat(events("db/busy")).noneMatch(e -> e.outcome().equals("Failure"));
        Secret s = assertScheduleMatchesStore("db/busy");
        assertThat(s.lastError()).isNull();
        assertThat(store.versions("db/busy")).extracting(VersionInfo::versionId).contains("v1", "first")
                .doesNotContain("second");
    }

    @Test
    void reconcileRestoresLostTriggersAndRemovesOnlyStaleOnes() throws Exception {
        open(TestDatabases.H2);
        create("db/kept");
        create("db/lost");
        create("db/stale");
        create("db/off");
        service.updateRotationPolicy("db/off", false, null);
        QuartzTrigger kept = quartzTriggers("db/kept").get(0);
        scheduler.shutdown(Duration.ofSeconds(5));

        // A restored backup: db/lost's Quartz rows are gone, db/stale's rotation was turned off in the store alone.
        deleteQuartzRowsOf("db/lost");
        Secret stale = store.find("db/stale").orElseThrow();
        store.recordRotation("db/stale", stale.rotation().withState(AutomaticRotation.Disabled).withNextRotation(null),
                null);
        assertThat(quartzTriggers("db/lost")).isEmpty();

        scheduler = startScheduler();

        assertScheduleMatchesStore("db/lost");
        assertThat(quartzTriggers("db/kept")).as("an intact trigger is left as it was").containsExactly(kept);
        assertNoScheduleTrigger("db/stale");
        assertNoScheduleTrigger("db/off");

        // Running it again changes nothing.
        List<QuartzTrigger> before = new ArrayList<>();
        for (String n : List.of("db/kept", "db/lost", "db/stale", "db/off")) {
            before.addAll(quartzTriggers(n));
        }
        scheduler.reconcile();
        List<QuartzTrigger> afterwards = new ArrayList<>();
        for (String n : List.of("db/kept", "db/lost", "db/stale", "db/off")) {
            afterwards.addAll(quartzTriggers(n));
        }
        assertThat(afterwards).containsExactlyInAnyOrderElementsOf(before);
    }

    /** Start-up reads the schedule once and schedules what is missing in batches: over several pages of secrets. */
    @Test
    void startUpSchedulesEverySecretWhoseTriggersWereLostAcrossPagesAndLeavesIntactOnesAlone() throws Exception {
        open(TestDatabases.H2);
        int n = 1_100;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format("pages/s%04d", i));
        }
        // Straight into the store (CreateSecret through the service for 1,100 secrets is most of a minute).
        for (String name : names) {
            Secret secret = TestStores.rds(name);
            store.create(secret.withRotation(secret.rotation().withNextRotation(ms(secret.rotation().nextRotation()))),
                    TestStores.version("v1", RDS_VALUE));
            if (name.endsWith("0")) {
                scheduler.sync(store.find(name).orElseThrow());
            }
        }
        QuartzTrigger kept = quartzTriggers("pages/s0010").get(0);
        scheduler.shutdown(Duration.ofSeconds(5));

        scheduler = startScheduler();

        for (String name : names) {
            assertScheduleMatchesStore(name);
        }
        assertThat(quartzTriggers("pages/s0010")).as("an intact trigger is left as it was").containsExactly(kept);
    }

    @Test
    void spentRetriesTurnRotationInvalidWithTheNextAttemptScheduledAndASuccessEnablesItAgain() {
        open(TestDatabases.H2);
        create("db/failing");
        targets.target("db/failing").failAt(Point.SET_BEFORE, 2, "connection refused by db1");

        dueAt("db/failing", Instant.now().plusMillis(300));
        await("the rotation failed", () -> store.find("db/failing").orElseThrow().lastError() != null);

        Secret failed = assertScheduleMatchesStore("db/failing");
        RotationError error = failed.lastError();
        assertThat(failed.rotation().state()).isEqualTo(AutomaticRotation.Invalid);
        assertThat(error.step()).isEqualTo("set");
        assertThat(error.message()).contains("connection refused by db1").doesNotContain(PASSWORD);
        // Invalid still rotates on schedule: the next attempt is an interval after the failure.
        assertThat(failed.rotation().nextRotation()).isEqualTo(ms(error.at()).plus(SIX_HOURS));
        assertThat(currentVersion("db/failing")).isEqualTo("v1");

        dueAt("db/failing", Instant.now().plusMillis(300));
        awaitRotations("db/failing", 1);
        Secret healed = assertScheduleMatchesStore("db/failing");
        assertThat(healed.rotation().state()).isEqualTo(AutomaticRotation.Enabled);
        assertThat(healed.lastError()).isNull();
    }

    @Test
    void aDueRunThatFindsTheSecretLockedTriesAgainSoonInsteadOfLosingItsTrigger() {
        open(TestDatabases.H2);
        create("db/locked");
        scheduler.shutdown(Duration.ofSeconds(5));
        // A worker that died mid-rotation holds the secret's lock for the rest of its lease, and the
        // rotation came due meanwhile.
        Instant now = ms(Instant.now());
        assertThat(store.tryLock("db/locked", "dead-worker", now, now.plus(Duration.ofMinutes(10)))).isTrue();
        Secret s = store.find("db/locked").orElseThrow();
        store.recordRotation("db/locked", s.rotation().withNextRotation(now.minus(Duration.ofHours(1))), null);

        scheduler = startScheduler();

        await("the due run met the lock", () -> next("db/locked").isAfter(now));
        Secret after = assertScheduleMatchesStore("db/locked");
        assertThat(after.rotation().nextRotation()).as("retried well before the next interval")
                .isBefore(now.plus(Duration.ofMinutes(5)));
        assertThat(after.rotation().state()).isEqualTo(AutomaticRotation.Enabled);
        assertThat(store.versions("db/locked")).hasSize(1);
    }

    @Test
    void aPolicyChangeMadeWhileARotationRunsIsKept() throws Exception {
        open(TestDatabases.H2);
        create("db/switch");
        setTime = Duration.ofMillis(1500);

        scheduler.rotateNow("db/switch", "while-off");
        assertThat(setStarted.await(30, TimeUnit.SECONDS)).isTrue();
        service.updateRotationPolicy("db/switch", false, null);
        await("promoted", () -> rotationSuccesses("db/switch") == 1);

        assertNoScheduleTrigger("db/switch");
        Secret off = store.find("db/switch").orElseThrow();
        assertThat(off.rotation().state()).isEqualTo(AutomaticRotation.Disabled);
        assertThat(off.rotation().lastRotation()).isNotNull();

        CountDownLatch secondSet = new CountDownLatch(1);
        setHook = secondSet::countDown;
        scheduler.rotateNow("db/switch", "while-12h");
        assertThat(secondSet.await(30, TimeUnit.SECONDS)).isTrue();
        service.updateRotationPolicy("db/switch", true, "12h");
        await("promoted", () -> rotationSuccesses("db/switch") == 2);

        Secret on = assertScheduleMatchesStore("db/switch");
        assertThat(on.rotation().interval()).isEqualTo(Duration.ofHours(12));
        assertThat(on.rotation().nextRotation()).isEqualTo(on.rotation().lastRotation().plus(Duration.ofHours(12)));
    }

    @Test
    void aSecretWithALongNameIsScheduledLikeAnyOther() {
        open(TestDatabases.H2);
        String name = "db/" + "n".repeat(189);
        create(name);
        assertScheduleMatchesStore(name);

        scheduler.rotateNow(name, "x".repeat(64));
        await("promoted", () -> currentVersion(name).equals("x".repeat(64)));
        assertScheduleMatchesStore(name);
    }

    @Test
    void rotateNowTokensArePerSecretAndTheSameTokenAgainDoesNothingMore() throws Exception {
        open(TestDatabases.H2);
        create("db/one");
        create("db/two");
        setTime = Duration.ofMillis(800);

        scheduler.rotateNow("db/one", "v2");
        assertThat(setStarted.await(30, TimeUnit.SECONDS)).isTrue();
        scheduler.rotateNow("db/one", "v2");
        scheduler.rotateNow("db/two", "v2");

        await("both promoted", () -> currentVersion("db/one").equals("v2") && currentVersion("db/two").equals("v2")
                && rotationSuccesses("db/one") + rotationSuccesses("db/two") == 2);
        assertScheduleMatchesStore("db/one");
        assertScheduleMatchesStore("db/two");
        assertThat(rotationSuccesses("db/one")).isEqualTo(1);
        assertThat(store.versions("db/one")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = {"POSTGRESQL", "MARIADB"})
    void twoClusteredWorkersRotateEachDueSecretOnceAndOneCarriesOnWhenTheOtherStops(TestDatabases kind) {
        open(kind);
        RotationScheduler other = startScheduler();
        List<String> names = List.of("cluster/a", "cluster/b", "cluster/c", "cluster/d");
        Instant due = ms(Instant.now().plusMillis(700));
        for (String n : names) {
            create(n);
            dueAt(n, due);
        }

        for (String n : names) {
            awaitRotations(n, 1);
            Secret s = assertScheduleMatchesStore(n);
            assertThat(other.nextFireTime(n)).as("both workers see one schedule").isEqualTo(s.rotation().nextRotation());
            assertThat(store.versions(n)).as(n).hasSize(2);
        }
        assertThat(names).allSatisfy(n -> assertThat(rotationSuccesses(n)).as(n).isEqualTo(1));

        other.shutdown(Duration.ofSeconds(5));
        assertThat(scheduler.isRunning()).as("the other worker still runs").isTrue();
        dueAt("cluster/a", Instant.now().plusMillis(300));
        awaitRotations("cluster/a", 2);
        assertScheduleMatchesStore("cluster/a");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Secret create(String name) {
        return service.create(new NewSecretRequest(name, null, utf8(RDS_VALUE), null, "Rds", RDS_CONFIG, null, true,
                "6h", null, null));
    }

    /** Moves NextRotationDate to {@code at} as a policy change does (store, then scheduler). */
    private void dueAt(String name, Instant at) {
        Secret s = store.find(name).orElseThrow();
        store.recordRotation(name, s.rotation().withNextRotation(ms(at)), s.lastError());
        scheduler.sync(store.find(name).orElseThrow());
    }

    private Instant next(String name) {
        return store.find(name).orElseThrow().rotation().nextRotation();
    }

    private String currentVersion(String name) {
        return store.versionAt(name, Stages.CURRENT).orElseThrow().versionId();
    }

    private List<RotationEvent> events(String name) {
        return store.events(name, 1000);
    }

    private long rotationSuccesses(String name) {
        return events(name).stream().filter(e -> e.step().equals(RotationEngine.ROTATION)
                && e.outcome().equals("Success")).count();
    }

    /** On timeout, says why the last run failed: a failed rotation is not retried for an interval. */
    private void awaitRotations(String name, int n) {
        if (!poll(() -> rotationSuccesses(name) >= n)) {
            fail("timed out after " + DEADLINE + " waiting until " + n + " rotation(s) of " + name + " (last error: "
                    + store.find(name).orElseThrow().lastError() + ")");
        }
    }

    /**
     * Waits until the job has settled (no run in progress) and has one trigger at the stored
     * NextRotationDate, then proves it; returns the secret.
     */
    private Secret assertScheduleMatchesStore(String name) {
        awaitQuietly(() -> {
            Secret s = store.find(name).orElseThrow();
            List<QuartzTrigger> triggers = quartzTriggers(name);
            return firedTriggers(name) == 0 && triggers.size() == 1
                    && triggers.get(0).nextFire().equals(s.rotation().nextRotation());
        });
        Secret s = store.find(name).orElseThrow();
        assertThat(s.rotation().enabled()).as("rotation of " + name + " is on").isTrue();
        assertThat(quartzJobs(name)).as("jobs of " + name).isEqualTo(1);
        assertThat(quartzTriggers(name)).as("triggers of " + name).extracting(QuartzTrigger::nextFire)
                .containsExactly(s.rotation().nextRotation());
        assertThat(scheduler.nextFireTime(name)).isEqualTo(s.rotation().nextRotation());
        return s;
    }

    private void assertNoScheduleTrigger(String name) {
        awaitQuietly(() -> quartzTriggers(name).isEmpty());
        assertThat(store.find(name).orElseThrow().rotation().nextRotation()).isNull();
        assertThat(quartzTriggers(name)).as("triggers of " + name).isEmpty();
        assertThat(scheduler.nextFireTime(name)).isNull();
    }

    private static void await(String what, BooleanSupplier condition) {
        if (!poll(condition)) {
            fail("timed out after " + DEADLINE + " waiting until " + what);
        }
    }

    /** Polls; on timeout the caller's assertions say what is wrong. */
    private static void awaitQuietly(BooleanSupplier condition) {
        poll(condition);
    }

    private static boolean poll(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static Instant ms(Instant i) {
        return i.truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- the Quartz tables ------------------------------------------------------------------

    record QuartzTrigger(String name, String group, Instant nextFire) {
    }

    private List<QuartzTrigger> quartzTriggers(String secret) {
        List<QuartzTrigger> out = new ArrayList<>();
        query("SELECT TRIGGER_NAME, TRIGGER_GROUP, NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?", secret,
                rs -> out.add(new QuartzTrigger(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)))));
        return out;
    }

    private int quartzJobs(String secret) {
        AtomicInteger n = new AtomicInteger();
        query("SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = ?", secret, rs -> n.incrementAndGet());
        return n.get();
    }

    private int firedTriggers(String secret) {
        AtomicInteger n = new AtomicInteger();
        query("SELECT ENTRY_ID FROM QRTZ_FIRED_TRIGGERS WHERE JOB_NAME = ?", secret, rs -> n.incrementAndGet());
        return n.get();
    }

    /** Removes a job and its triggers behind Quartz's back, as a restore of an older backup would. */
    private void deleteQuartzRowsOf(String secret) throws SQLException {
        try (Connection c = db.database().dataSource().getConnection()) {
            for (String sql : List.of(
                    "DELETE FROM QRTZ_SIMPLE_TRIGGERS WHERE TRIGGER_NAME IN "
                            + "(SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?)",
                    "DELETE FROM QRTZ_TRIGGERS WHERE JOB_NAME = ?",
                    "DELETE FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, secret);
                    ps.executeUpdate();
                }
            }
        }
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String param, Row row) {
        try (Connection c = db.database().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
