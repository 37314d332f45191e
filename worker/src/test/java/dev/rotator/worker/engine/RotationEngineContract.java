package dev.rotator.worker.engine;

import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.SecretVersion;
import dev.rotator.core.Stages;
import dev.rotator.core.VersionInfo;
import dev.rotator.core.engine.DryRunResult;
import dev.rotator.core.engine.LockOwnerLiveness;
import dev.rotator.core.engine.RetryPolicy;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.engine.RotationListener;
import dev.rotator.core.engine.RotationResult;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.engine.Sleeper;
import dev.rotator.core.spi.ForwardingRotator;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.worker.testing.DeferringRotator;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.MutableClock;
import dev.rotator.worker.testing.FakeAccountsRotator.Point;
import dev.rotator.worker.testing.FakeAccountsRotator.SimulatedCrash;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.rotator.worker.testing.TestStores.generic;
import static dev.rotator.worker.testing.TestStores.rds;
import static dev.rotator.worker.testing.TestStores.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rotation protocol against a real store, with a test rotator that fails or crashes on
 * demand. Each database has a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RotationEngineContract {
    private static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final TestDatabases kind;
    private TestDatabase db;
    private SecretStore store;
    private FakeAccountsRotator rotator;
    private MutableClock clock;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private String name;

    RotationEngineContract(TestDatabases kind) {
        this.kind = kind;
    }

    @BeforeAll
    void open() {
        db = kind.create();
        store = store(db.database());
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    @BeforeEach
    void newSecret() {
        rotator = new FakeAccountsRotator();
        clock = new MutableClock(Instant.now());
        sleeps.clear();
        name = "engine/" + UUID.randomUUID();
        rotator.accounts.put("app", "Initial-pw0");
        store.create(rds(name), new NewVersion("v1", FakeAccountsRotator.value("app", "Initial-pw0"), clock.instant()));
    }

    private RotationEngine engine(String owner) {
        return new RotationEngine(store, new RotatorRegistry(java.util.Map.of(SecretType.RDS, rotator)), FAST_RETRY,
                LEASE, owner, clock, sleeps::add);
    }

    private SecretVersion current() {
        return store.versionAt(name, Stages.CURRENT).orElseThrow();
    }

    /** Exactly one ACSCurrent, and it logs in; at most one ACSPending and one ACSPrevious. */
    private void assertStageInvariants() {
        List<VersionInfo> versions = store.versions(name);
        assertThat(versions.stream().filter(v -> v.has(Stages.CURRENT)).count()).isEqualTo(1);
        assertThat(versions.stream().filter(v -> v.has(Stages.PENDING)).count()).isLessThanOrEqualTo(1);
        assertThat(versions.stream().filter(v -> v.has(Stages.PREVIOUS)).count()).isLessThanOrEqualTo(1);
        assertThat(rotator.works(current().value())).as("ACSCurrent logs in").isTrue();
    }

    private List<String> stepsOf(String token) {
        List<String> newestFirst = new java.util.ArrayList<>(store.events(name, 100).stream()
                .filter(e -> token.equals(e.token())).map(e -> e.step() + ":" + e.outcome()).toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Test
    void theListenerHearsEachStoredEventWithTheSecretTypeAndCannotDisturbTheRotation() {
        List<String> heard = new CopyOnWriteArrayList<>();
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(java.util.Map.of(SecretType.RDS, rotator)),
                FAST_RETRY, LEASE, "w1", clock, sleeps::add, (type, event) -> {
                    heard.add(type + " " + event.step() + ":" + event.outcome());
                    throw new IllegalStateException("listener broken");
                });

        RotationResult result = engine.rotate(name, RotationTrigger.now());

        assertThat(result.status()).isEqualTo(RotationResult.Status.ROTATED);
        assertStageInvariants();
        assertThat(heard).containsExactly("Rds create:Success", "Rds set:Success", "Rds test:Success",
                "Rds promote:Success", "Rds rotation:Success", "Rds finish:Success");
        assertThat(heard).hasSameSizeAs(stepsOf(result.token()));
    }

    @Test
    void aRotationPromotesTheOtherAccountAndRecordsEveryStep() {
        Instant before = clock.instant();
        RotationResult result = engine("w1").rotate(name, RotationTrigger.now());

        assertThat(result.status()).isEqualTo(RotationResult.Status.ROTATED);
        assertThat(current().versionId()).isEqualTo(result.token());
        assertThat(current().value().text()).contains("\"AccountName\":\"app_clone\"");
        assertThat(store.versionAt(name, Stages.PREVIOUS).orElseThrow().versionId()).isEqualTo("v1");
        assertThat(store.versionAt(name, Stages.PENDING)).isEmpty();
        assertThat(rotator.works(store.versionAt(name, Stages.PREVIOUS).orElseThrow().value()))
                .as("dual account: ACSPrevious keeps working").isTrue();
        assertStageInvariants();
        assertThat(stepsOf(result.token())).containsExactly("create:Success", "set:Success", "test:Success",
                "promote:Success", "rotation:Success", "finish:Success");
        Secret secret = store.find(name).orElseThrow();
        assertThat(secret.rotation().state()).isEqualTo(AutomaticRotation.Enabled);
        assertThat(secret.rotation().lastRotation()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(secret.rotation().nextRotation()).isEqualTo(secret.rotation().lastRotation().plus(Duration.ofHours(6)));
        assertThat(store.finishOwed(name)).isEmpty();
    }

    /** The fake rotator whose finish waits {@code delay} after promote, as RAM's overlap window makes it wait. */
    private RotationEngine deferringEngine(String owner, Duration delay) {
        RotatorRegistry deferring = new RotatorRegistry(Map.of(SecretType.RDS, new DeferringRotator(rotator, delay)));
        return new RotationEngine(store, deferring, FAST_RETRY, LEASE, owner, clock, sleeps::add);
    }

    @Test
    void aDeferredFinishWaitsForItsDueTimeWhileTheRotationStaysInProgress() {
        RotationResult promoted = deferringEngine("w1", Duration.ofHours(48))
                .rotate(name, RotationTrigger.withToken("t1", RotationOptions.overlap(Duration.ofMinutes(10))));

        Instant due = store.find(name).orElseThrow().rotation().lastRotation().plus(Duration.ofMinutes(10));
        assertThat(promoted.status()).isEqualTo(RotationResult.Status.ROTATED);
        assertThat(promoted.finishDueAt()).contains(due);
        assertThat(current().versionId()).isEqualTo("t1");
        assertThat(rotator.calls(Point.FINISH)).as("no finish before its time").isZero();
        assertThat(store.owedFinish(name)).contains(new SecretStore.OwedFinish(name, "t1", Optional.of(due)));
        assertThat(store.rotationLocked(name, clock.instant())).as("no lock is held through the window").isFalse();

        assertThatThrownBy(() -> deferringEngine("w2", Duration.ZERO).rotate(name, RotationTrigger.withToken("t2")))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.ROTATION_IN_PROGRESS))
                .hasMessageContaining("being rotated").hasMessageContaining(due.toString());
        assertThat(store.versions(name)).as("no new version while the window runs").hasSize(2);
        RotationResult early = deferringEngine("w2", Duration.ZERO).rotate(name, RotationTrigger.withToken("t1"));
        assertThat(early.status()).isEqualTo(RotationResult.Status.ALREADY_DONE);
        RotationResult scheduled = deferringEngine("w2", Duration.ZERO).rotate(name,
                RotationTrigger.scheduled(clock.instant()));
        assertThat(scheduled.status()).isEqualTo(RotationResult.Status.FINISH_WAITING);
        clock.advance(Duration.ofMinutes(9));
        deferringEngine("w2", Duration.ZERO).rotate(name, RotationTrigger.withToken("t1"));
        assertThat(rotator.calls(Point.FINISH)).as("finish before due is refused").isZero();

        clock.advance(Duration.ofMinutes(1));
        // Another engine, as a worker restarted meanwhile: the store says what is owed.
        RotationResult finished = deferringEngine("w3", Duration.ZERO).rotate(name, RotationTrigger.withToken("t1"));

        assertThat(finished.status()).isEqualTo(RotationResult.Status.ROTATED);
        assertThat(finished.finishError()).isEmpty();
        assertThat(rotator.calls(Point.FINISH)).isEqualTo(1);
        assertThat(store.owedFinish(name)).isEmpty();
        assertThat(stepsOf("t1")).containsExactly("create:Success", "set:Success", "test:Success",
                "promote:Success", "rotation:Success", "finish:Due", "finish:Success");
        assertThat(deferringEngine("w3", Duration.ZERO).rotate(name, RotationTrigger.withToken("t2")).status())
                .as("the next rotation may run once the finish has").isEqualTo(RotationResult.Status.ROTATED);
        assertStageInvariants();
    }

    @Test
    void aZeroFinishDelayFinishesAtOnceAsBefore() {
        RotationResult result = deferringEngine("w1", Duration.ZERO).rotate(name, RotationTrigger.now());
        assertThat(result.finishDueAt()).isEmpty();
        assertThat(rotator.calls(Point.FINISH)).isEqualTo(1);
        assertThat(store.owedFinish(name)).isEmpty();
    }

    @Test
    void aRotatorWithNothingToFinishHasItsFinishRecordedWithThePromoteAndTheLockGivenBack() {
        Rotator nothingToFinish = new ForwardingRotator(rotator) {
            @Override
            public boolean finishes(Secret secret) {
                return false;
            }
        };
        List<String> heard = new CopyOnWriteArrayList<>();
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(Map.of(SecretType.RDS, nothingToFinish)),
                FAST_RETRY, LEASE, "w1", clock, sleeps::add, (type, e) -> heard.add(e.step() + ":" + e.outcome()),
                owner -> false);

        RotationResult result = engine.rotate(name, RotationTrigger.now());

        assertThat(result.status()).isEqualTo(RotationResult.Status.ROTATED);
        assertThat(result.finishError()).isEmpty();
        assertThat(current().versionId()).isEqualTo(result.token());
        assertThat(rotator.calls(Point.FINISH)).as("nothing to run").isZero();
        assertThat(stepsOf(result.token())).containsExactly("create:Success", "set:Success", "test:Success",
                "promote:Success", "rotation:Success", "finish:Success");
        assertThat(heard).isEqualTo(stepsOf(result.token()));
        assertThat(store.owedFinish(name)).isEmpty();
        assertThat(store.rotationLock(name, clock.instant())).as("given back").isEmpty();
        assertStageInvariants();
        assertThat(engine.rotate(name, RotationTrigger.now()).status()).isEqualTo(RotationResult.Status.ROTATED);
    }

    @Test
    void rotationsAlternateAndTheCredentialTwoGenerationsOldStopsWorking() {
        RotationEngine engine = engine("w1");
        engine.rotate(name, RotationTrigger.now());
        engine.rotate(name, RotationTrigger.now());
        assertThat(current().value().text()).contains("\"AccountName\":\"app\"");
        assertThat(store.versionAt(name, Stages.PREVIOUS).orElseThrow().value().text()).contains("app_clone");
        assertThat(rotator.works(FakeAccountsRotator.value("app", "Initial-pw0"))).isFalse();
        assertStageInvariants();
    }

    @ParameterizedTest
    @EnumSource(Point.class)
    void aCrashAtAnyStepResumesWithTheSamePendingVersion(Point point) {
        rotator.crashAt(point);
        assertThatThrownBy(() -> engine("w1").rotate(name, RotationTrigger.now())).isInstanceOf(SimulatedCrash.class);
        assertStageInvariants();
        Optional<String> pendingAtCrash = store.versionAt(name, Stages.PENDING).map(SecretVersion::versionId);
        Optional<String> owedAtCrash = store.finishOwed(name);
        assertThat(pendingAtCrash.isPresent()).as("pending after a crash at " + point).isEqualTo(point != Point.CREATE
                && point != Point.FINISH);

        RotationResult resumed = engine("w2").rotate(name, RotationTrigger.now());

        assertThat(resumed.status()).isEqualTo(RotationResult.Status.ROTATED);
        pendingAtCrash.ifPresent(token -> assertThat(resumed.token()).isEqualTo(token));
        owedAtCrash.ifPresent(token -> assertThat(resumed.token()).isEqualTo(token));
        assertThat(store.versions(name)).as("no second version").hasSize(2);
        assertThat(current().versionId()).isEqualTo(resumed.token());
        assertThat(current().value().text()).contains("app_clone");
        assertThat(store.versionAt(name, Stages.PENDING)).isEmpty();
        assertThat(store.finishOwed(name)).isEmpty();
        assertThat(rotator.calls(Point.FINISH)).isEqualTo(point == Point.FINISH ? 2 : 1);
        assertStageInvariants();
    }

    @Test
    void aDeadWorkersLockIsTakenOverOnlyWhenItsLeaseEnds() {
        Instant now = clock.instant();
        assertThat(store.tryLock(name, "dead-worker", now, now.plus(LEASE))).isTrue();
        assertThatThrownBy(() -> engine("w2").rotate(name, RotationTrigger.now()))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS))
                .hasMessageContaining("being rotated");
        assertThat(store.versions(name)).hasSize(1);

        clock.advance(LEASE.plusSeconds(1));
        assertThat(engine("w2").rotate(name, RotationTrigger.now()).status()).isEqualTo(RotationResult.Status.ROTATED);
    }

    /** Engines of workers A and B rotate the secret at the same moment; each one's outcome (status or error code). */
    private List<String> race(java.util.function.Function<String, RotationEngine> engineOf, RotationTrigger trigger)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = new java.util.ArrayList<>();
            for (String owner : List.of("A", "B")) {
                RotationEngine engine = engineOf.apply(owner);
                outcomes.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        return engine.rotate(name, trigger).status().name();
                    } catch (RotatorException e) {
                        return e.code().name();
                    }
                }));
            }
            List<String> results = new java.util.ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private RotationEngine engine(String owner, LockOwnerLiveness liveness) {
        return new RotationEngine(store, new RotatorRegistry(java.util.Map.of(SecretType.RDS, rotator)), FAST_RETRY,
                LEASE, owner, clock, sleeps::add, RotationListener.NONE, liveness);
    }

    @Test
    void aLockHeldByAWorkerKnownDeadIsTakenAtOnceAndTheRotationResumesWithItsVersion() {
        // A worker died holding the lock right after its create step: the pending version and its lock are left.
        rotator.crashAt(Point.SET_BEFORE);
        assertThatThrownBy(() -> engine("dead-worker").rotate(name, RotationTrigger.withToken("v-dead",
                RotationOptions.NONE))).isInstanceOf(SimulatedCrash.class);
        // A crash in the JVM gives the lock back on its way out; a dead process does not.
        Instant now = clock.instant();
        assertThat(store.tryLock(name, "dead-worker", now, now.plus(LEASE))).isTrue();

        RotationResult resumed = engine("w2", owner -> owner.equals("dead-worker"))
                .rotate(name, RotationTrigger.withToken("v-dead", RotationOptions.NONE));

        assertThat(resumed.status()).isEqualTo(RotationResult.Status.ROTATED);
        assertThat(current().versionId()).as("the dead worker's version, long before its lease ended")
                .isEqualTo("v-dead");
        assertThat(stepsOf("v-dead")).containsSubsequence("create:Success", "create:Resumed", "promote:Success");
        assertThat(store.rotationLock(name, clock.instant())).as("given back after the run").isEmpty();
        assertStageInvariants();
    }

    @Test
    void twoWorkersTakingOverTheSameDeadWorkersLockRunItsRotationOnce() throws Exception {
        Instant now = clock.instant();
        assertThat(store.tryLock(name, "dead-worker", now, now.plus(LEASE))).isTrue();
        List<String> results = race(owner -> engine(owner, o -> o.equals("dead-worker")),
                RotationTrigger.withToken("v-recovered", RotationOptions.NONE));
        assertThat(results).containsOnlyOnce("ROTATED")
                .containsAnyOf("ALREADY_DONE", ErrorCode.ROTATION_IN_PROGRESS.name());
        assertThat(store.versions(name)).as("one new version").hasSize(2);
        assertThat(stepsOf("v-recovered")).filteredOn(s -> s.startsWith("create:")).containsExactly("create:Success");
        assertStageInvariants();
    }

    @Test
    void aLockHeldByAWorkerNotKnownDeadWaitsForItsLease() {
        Instant now = clock.instant();
        assertThat(store.tryLock(name, "live-worker", now, now.plus(LEASE))).isTrue();
        RotationEngine engine = engine("w2", owner -> owner.equals("dead-worker"));
        assertThatThrownBy(() -> engine.rotate(name, RotationTrigger.now()))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS));
        assertThat(store.versions(name)).hasSize(1);
        assertThat(store.rotationLock(name, now)).get().extracting(SecretStore.RotationLock::owner)
                .isEqualTo("live-worker");
    }

    /** An engine whose backoff waits move the clock, and which notes the lock's expiry at each event. */
    private RotationEngine slowEngine(Duration backoff, Sleeper whileWaiting, Map<String, Instant> lockAtEvent) {
        return new RotationEngine(store, new RotatorRegistry(java.util.Map.of(SecretType.RDS, rotator)),
                new RetryPolicy(3, backoff, 1.0, backoff), LEASE, "w1", clock, whileWaiting,
                (type, e) -> store.rotationLock(name, clock.instant())
                        .ifPresent(l -> lockAtEvent.put(e.step() + ":" + e.outcome(), l.expiresAt())));
    }

    @Test
    void aQuickRotationKeepsItsFirstLeaseAndASlowOneRenewsItOnceHalfIsSpent() {
        Map<String, Instant> lockAt = new ConcurrentHashMap<>();
        Instant firstExpiry = clock.instant().plus(LEASE).truncatedTo(ChronoUnit.MILLIS);
        slowEngine(Duration.ofSeconds(40), clock::advance, lockAt).rotate(name, RotationTrigger.now());
        assertThat(lockAt.get("test:Success")).as("no renewal").isEqualTo(firstExpiry);

        lockAt.clear();
        rotator.failAt(Point.SET_BEFORE, 1, "target busy");
        Instant start = clock.instant();
        RotationResult result = slowEngine(Duration.ofSeconds(40), clock::advance, lockAt)
                .rotate(name, RotationTrigger.now());

        assertThat(result.status()).isEqualTo(RotationResult.Status.ROTATED);
        assertThat(lockAt.get("set:Retry")).isEqualTo(start.plus(LEASE).truncatedTo(ChronoUnit.MILLIS));
        assertThat(lockAt.get("test:Success")).as("renewed before the test step, 32 to 40 s later")
                .isAfter(start.plus(LEASE).plusSeconds(30));
        assertStageInvariants();
    }

    @Test
    void aRunWhoseLeaseRanOutAndWasTakenStopsAtItsNextStepAndLeavesThePendingVersionToResume() {
        rotator.failAt(Point.SET_BEFORE, 1, "target busy");
        Sleeper longWaitThenTakenOver = d -> {
            clock.advance(d);
            assertThat(store.tryLock(name, "w2", clock.instant(), clock.instant().plus(LEASE))).isTrue();
        };
        assertThatThrownBy(() -> slowEngine(LEASE.plusSeconds(30), longWaitThenTakenOver, new ConcurrentHashMap<>())
                .rotate(name, RotationTrigger.now()))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS))
                .hasMessageContaining("lost the rotation lock");
        assertThat(store.versionAt(name, Stages.PENDING)).as("kept for the next run").isPresent();
        assertThat(current().versionId()).isEqualTo("v1");
        assertThat(store.rotationLock(name, clock.instant())).get().extracting(SecretStore.RotationLock::owner)
                .isEqualTo("w2");
        assertStageInvariants();
    }

    @Test
    void whereLocksAreTakenOverThePendingVersionIsWrittenOnlyWithTheLockAndAStalledRunStopsBeforeTheTarget() {
        // The worker stalls in its create step (a long GC pause): the cluster thinks it dead and hands its lock on.
        assertThatThrownBy(() -> stallingEngine(Point.CREATE).rotate(name, RotationTrigger.now()))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS))
                .hasMessageContaining("lost the rotation lock");
        assertThat(rotator.calls(Point.SET_BEFORE)).as("the target untouched by the stalled run").isZero();
        assertThat(store.versionAt(name, Stages.PENDING)).as("no version written by the stalled run").isEmpty();
        assertThat(current().versionId()).isEqualTo("v1");
        assertThat(store.rotationLock(name, clock.instant())).get().extracting(SecretStore.RotationLock::owner)
                .isEqualTo("w2");
        assertStageInvariants();
    }

    @Test
    void whereLocksAreTakenOverPromoteHappensOnlyWithTheLockAndLeavesThePendingVersionToTheNewHolder() {
        // The worker stalls in its test step: the lock is handed on before it promotes.
        assertThatThrownBy(() -> stallingEngine(Point.TEST).rotate(name, RotationTrigger.now()))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS))
                .hasMessageContaining("lost the rotation lock");
        assertThat(current().versionId()).as("not promoted by the stalled run").isEqualTo("v1");
        assertThat(store.versionAt(name, Stages.PENDING)).as("left for the new holder to resume").isPresent();
        assertThat(store.rotationLock(name, clock.instant())).get().extracting(SecretStore.RotationLock::owner)
                .isEqualTo("w2");
        assertStageInvariants();
    }

    /** An engine of worker w1, in a cluster that can take locks over, whose lock goes to w2 during {@code step}. */
    private RotationEngine stallingEngine(Point step) {
        Runnable takenOver = () -> assertThat(store.takeLock(name, "w1", "w2", clock.instant().plus(LEASE))).isTrue();
        Rotator stalling = new ForwardingRotator(rotator) {
            @Override
            public CreateResponse create(CreateRequest request) {
                if (step == Point.CREATE) {
                    takenOver.run();
                }
                return super.create(request);
            }

            @Override
            public void test(TestRequest request) {
                if (step == Point.TEST) {
                    takenOver.run();
                }
                super.test(request);
            }
        };
        return new RotationEngine(store, new RotatorRegistry(java.util.Map.of(SecretType.RDS, stalling)), FAST_RETRY,
                LEASE, "w1", clock, sleeps::add, RotationListener.NONE, owner -> false);
    }

    @Test
    void spentRetriesTurnRotationInvalidKeepTheErrorAndLeaveCurrentWorking() {
        rotator.failAt(Point.SET_BEFORE, 100, "connection refused by db1");
        assertThatThrownBy(() -> engine("w1").rotate(name, RotationTrigger.now()))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_FAILED))
                .hasMessageContaining("connection refused by db1");

        assertThat(rotator.calls(Point.SET_BEFORE)).isEqualTo(FAST_RETRY.maxAttempts());
        assertThat(sleeps).hasSize(FAST_RETRY.maxAttempts() - 1);
        assertThat(sleeps.get(1)).isGreaterThan(sleeps.get(0));
        Secret secret = store.find(name).orElseThrow();
        assertThat(secret.rotation().state()).isEqualTo(AutomaticRotation.Invalid);
        assertThat(secret.lastError().step()).isEqualTo("set");
        assertThat(secret.lastError().message()).contains("connection refused by db1");
        assertThat(current().versionId()).isEqualTo("v1");
        assertStageInvariants();
        String token = store.versionAt(name, Stages.PENDING).orElseThrow().versionId();
        assertThat(stepsOf(token)).containsExactly("create:Success", "set:Retry", "set:Retry", "set:Failure",
                "rotation:Failure");

        rotator.failAt(Point.SET_BEFORE, 0, "");
        RotationResult result = engine("w1").rotate(name, RotationTrigger.now());
        assertThat(result.token()).isEqualTo(token);
        secret = store.find(name).orElseThrow();
        assertThat(secret.rotation().state()).isEqualTo(AutomaticRotation.Enabled);
        assertThat(secret.lastError()).isNull();
    }

    @Test
    void aPassingFailureIsRetriedAway() {
        rotator.failAt(Point.TEST, 1, "not yet visible");
        RotationResult result = engine("w1").rotate(name, RotationTrigger.now());
        assertThat(stepsOf(result.token())).contains("test:Retry", "test:Success");
        assertStageInvariants();
    }

    @Test
    void noSecretValueReachesAnEventOrTheLastError() {
        // A careless rotator that puts the value it was given in its error message.
        RotatorException leaky = new RotatorException(ErrorCode.ROTATION_FAILED, "login failed with "
                + FakeAccountsRotator.value("app", "Initial-pw0").text() + " and password Initial-pw0");
        RotationEngine engine = new RotationEngine(store, new RotatorRegistry(java.util.Map.of(SecretType.RDS,
                new LeakyRotator(leaky))), FAST_RETRY, LEASE, "w1", clock, sleeps::add);
        assertThatThrownBy(() -> engine.rotate(name, RotationTrigger.now()))
                .isInstanceOf(RotatorException.class).message().doesNotContain("Initial-pw0").contains("******");
        assertThat(store.find(name).orElseThrow().lastError().message()).doesNotContain("Initial-pw0");
        assertThat(store.events(name, 100)).extracting(RotationEvent::errorMessage)
                .allSatisfy(m -> assertThat(String.valueOf(m)).doesNotContain("Initial-pw0"));
    }

    @Test
    void theSameTokenTwiceRotatesOnce() {
        RotationEngine engine = engine("w1");
        assertThat(engine.rotate(name, RotationTrigger.withToken("r-1")).status())
                .isEqualTo(RotationResult.Status.ROTATED);
        assertThat(engine.rotate(name, RotationTrigger.withToken("r-1")).status())
                .isEqualTo(RotationResult.Status.ALREADY_DONE);
        assertThat(store.versions(name)).extracting(VersionInfo::versionId).containsExactly("v1", "r-1");
    }

    @Test
    void aDueTimeAlreadyServedDoesNothing() {
        Instant due = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        assertThat(engine("w1").rotate(name, RotationTrigger.scheduled(due)).status())
                .isEqualTo(RotationResult.Status.ROTATED);
        assertThat(engine("w2").rotate(name, RotationTrigger.scheduled(due)).status())
                .isEqualTo(RotationResult.Status.NOT_DUE);
        assertThat(store.versions(name)).hasSize(2);
    }

    @Test
    void twoEnginesRacingOnOneSecretRunItsRotationOnce() throws Exception {
        Instant due = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        List<String> results = race(this::engine, RotationTrigger.scheduled(due));
        assertThat(results).containsOnlyOnce("ROTATED")
                .containsAnyOf("NOT_DUE", ErrorCode.ROTATION_IN_PROGRESS.name());
        assertThat(store.versions(name)).hasSize(2);
        assertThat(store.events(name, 100)).filteredOn(e -> e.step().equals("rotation")).hasSize(1);
        assertStageInvariants();
    }

    @Test
    void genericSecretsAreNotRotatedByTheEngine() {
        String generic = "generic/" + UUID.randomUUID();
        store.create(generic(generic), new NewVersion("v1", FakeAccountsRotator.value("x", "y"), clock.instant()));
        assertThatThrownBy(() -> engine("w1").rotate(generic, RotationTrigger.now()))
                .isInstanceOfSatisfying(RotatorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining("PutSecretValue");
        assertThat(store.versions(generic)).hasSize(1);
    }

    @Test
    void theOperatorsOptionsReachEveryStepOfTheRotation() {
        RotationOptions twoHours = RotationOptions.overlap(Duration.ofHours(2));
        engine("w1").rotate(name, RotationTrigger.withToken("with-overlap", twoHours));

        assertThat(rotator.options).containsOnlyKeys(Point.CREATE, Point.SET_BEFORE, Point.TEST, Point.FINISH);
        assertThat(rotator.options.values()).containsOnly(twoHours);

        engine("w1").rotate(name, RotationTrigger.now());
        assertThat(rotator.options.values()).as("a plain rotation carries none").containsOnly(RotationOptions.NONE);
    }

    @Test
    void aDryRunTestsTheCurrentCredentialAndChangesNothingButOneEvent() {
        Secret before = store.find(name).orElseThrow();
        List<VersionInfo> versions = store.versions(name);

        DryRunResult ok = engine("w1").dryRun(name);

        assertThat(ok.success()).isTrue();
        assertThat(ok.outcome()).isEqualTo("Success");
        assertThat(ok.token()).startsWith(RotationEngine.DRY_RUN_PREFIX);
        assertThat(ok.errorCode()).isNull();
        assertThat(stepsOf(ok.token())).containsExactly("test:Success");

        // The account's password was changed behind the rotator's back: the current credential no longer logs in.
        rotator.accounts.put("app", "Changed-by-hand-1");
        DryRunResult failed = engine("w1").dryRun(name);

        assertThat(failed.success()).isFalse();
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.ROTATION_FAILED.code());
        assertThat(failed.errorMessage()).contains("test step failed").doesNotContain("Initial-pw0")
                .doesNotContain("Changed-by-hand-1");
        assertThat(store.events(name, 100)).filteredOn(e -> failed.token().equals(e.token()))
                .singleElement().satisfies(e -> {
                    assertThat(e.step()).isEqualTo("test");
                    assertThat(e.outcome()).isEqualTo("Failure");
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.ROTATION_FAILED.code());
                });
        assertThat(store.versions(name)).isEqualTo(versions);
        assertThat(store.find(name)).contains(before);
        assertThat(rotator.calls(Point.CREATE)).as("no rotation step but test").isZero();
        assertThat(rotator.calls(Point.SET_BEFORE)).isZero();
    }

    @Test
    void aDryRunIsRefusedWhileARotationHoldsTheLockAndForGenericSecrets() {
        Instant now = clock.instant();
        assertThat(store.tryLock(name, "rotating-worker", now, now.plus(LEASE))).isTrue();
        assertThatThrownBy(() -> engine("w1").dryRun(name)).isInstanceOfSatisfying(RotatorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ROTATION_IN_PROGRESS));
        assertThat(store.rotationLock(name, now)).get().extracting(SecretStore.RotationLock::owner)
                .as("the dry run left the rotation's lock alone").isEqualTo("rotating-worker");
        store.unlock(name, "rotating-worker");

        String generic = "generic/" + UUID.randomUUID();
        store.create(generic(generic), new NewVersion("v1", FakeAccountsRotator.value("x", "y"), clock.instant()));
        assertThatThrownBy(() -> engine("w1").dryRun(generic)).isInstanceOfSatisfying(RotatorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER)).hasMessageStartingWith("SecretType");
        assertThat(store.events(generic, 10)).isEmpty();
        assertThat(rotator.calls(Point.TEST)).isZero();
    }

    /** Fails its set step with a message that quotes the current value. */
    private record LeakyRotator(RotatorException failure) implements dev.rotator.core.spi.Rotator {
        @Override
        public CreateResponse create(CreateRequest request) {
            return new CreateResponse(FakeAccountsRotator.value("app_clone", "pw1"));
        }

        @Override
        public SetResponse set(SetRequest request) {
            throw failure;
        }

        @Override
        public void test(TestRequest request) {
        }
    }
}
