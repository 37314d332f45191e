package dev.rotator.worker.schedule;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.service.RotationRequests;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.core.spi.SecretStore.OwedFinish;
import dev.rotator.worker.store.Database;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Quartz on the store's database: one durable job per secret with rotation enabled, whose one
 * schedule trigger fires at the secret's NextRotationDate. A secret's triggers are in a group named
 * after it (a job or group name holds 200 characters, a secret name 192); the schedule trigger's
 * name carries its due time, so the next one can be set from inside a running job without
 * touching the firing one, and a rotate-now trigger's name carries its token. A trigger missed
 * while no worker ran fires once at start-up.
 */
public final class RotationScheduler implements RotationRequests, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);
    static final String JOB_GROUP = "rotation";
    /** Quartz's scheduler name, shared by the members of a cluster (SCHED_NAME in its tables). */
    static final String SCHEDULER_NAME = "rotator";
    static final String SCHEDULE_PREFIX = "schedule@";
    static final String NOW_PREFIX = "now@";
    private static final String RESUME_INFIX = "#resume-";
    /** A promoted rotation's deferred finish (RAM's overlap window): the trigger carries its version as token. */
    static final String FINISH_PREFIX = "finish@";
    static final String TOKEN = "token";
    static final String DUE = "due";
    /** A rotate-now's OverlapWindow in milliseconds, when the operator gave one. */
    static final String OVERLAP_MILLIS = "overlapMillis";
    /** When a due run could not start (another worker holds the secret's lock), it is tried again this much later. */
    static final Duration BUSY_RETRY = Duration.ofMinutes(1);
    /** Quartz's own default check-in interval. */
    static final Duration QUARTZ_CHECKIN_INTERVAL = Duration.ofMillis(7500);

    private final Scheduler quartz;
    private final SecretStore store;
    private final Clock clock;

    private RotationScheduler(Scheduler quartz, SecretStore store, Clock clock) {
        this.quartz = quartz;
        this.store = store;
        this.clock = clock;
    }

    /** Starts Quartz on the store's database, with every secret's trigger reconciled first. */
    public static RotationScheduler start(Database database, SecretStore store, RotationEngine engine, int threads,
                                          boolean clustered) {
        return start(database, store, engine, threads, clustered, Clock.systemUTC());
    }

    /**
     * @param clock the engine's clock: deferred finishes are due by it (Quartz fires by the system clock, so a
     *              finish trigger fires after the time left by this clock)
     */
    public static RotationScheduler start(Database database, SecretStore store, RotationEngine engine, int threads,
                                          boolean clustered, Clock clock) {
        return start(database, store, engine, threads, clustered, clock, SchedulerInstance.newId());
    }

    /**
     * @param instanceId this start's Quartz instance id ({@link SchedulerInstance#newId()}), unique in the cluster;
     *                   the engine names its rotation locks with it, so that they are known dead with it
     */
    public static RotationScheduler start(Database database, SecretStore store, RotationEngine engine, int threads,
                                          boolean clustered, Clock clock, String instanceId) {
        return start(database, store, engine, threads, clustered, clock, instanceId, QUARTZ_CHECKIN_INTERVAL);
    }

    /** @param checkinInterval how often this member checks in to the cluster (clustered only) */
    public static RotationScheduler start(Database database, SecretStore store, RotationEngine engine, int threads,
                                          boolean clustered, Clock clock, String instanceId,
                                          Duration checkinInterval) {
        // Each scheduler gets its own data source name, so several can live in one JVM (tests).
        String dataSourceName = "rotator-store-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(database));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        // Unique per start (Quartz's AUTO is host + milliseconds, which two schedulers can share).
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", database.dialect().quartzDelegate());
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(clustered));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        Scheduler quartz;
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory();
            factory.initialize(p);
            quartz = factory.getScheduler();
            // The factory hands out the live scheduler of the same name, if any: unbinding ours makes
            // the next start a scheduler of its own (cluster members share the name "rotator").
            SchedulerRepository.getInstance().remove(quartz.getSchedulerName());
        } catch (SchedulerException e) {
            throw new IllegalStateException("scheduler failed to start: " + e.getMessage(), e);
        }
        try {
            RotationScheduler scheduler = new RotationScheduler(quartz, store, clock);
            quartz.setJobFactory((bundle, s) -> new RotationJob(engine, store, scheduler));
            // Before start: Quartz handles misfires once as it starts (and then only every misfire
            // threshold), so a due time that passed while no worker ran must have its trigger by then.
            scheduler.reconcile();
            quartz.start();
            LOG.info("scheduler started ({} threads, clustered={})", threads, clustered);
            return scheduler;
        } catch (SchedulerException | RuntimeException e) {
            try {
                quartz.shutdown(false);
            } catch (SchedulerException ignored) {
                // already failing; the first error is the one to report
            }
            throw new IllegalStateException("scheduler failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the schedule match the secret: a trigger at its NextRotationDate while rotation is
     * Enabled or Invalid, no trigger otherwise; and a finish trigger while a promoted rotation's finish waits.
     */
    public void sync(Secret secret) {
        sync(secret, null);
    }

    /**
     * {@link #sync(Secret)} after a run of the secret's own job: {@code ran} is that job as Quartz fired it, so it is
     * not read again (null: read it when needed).
     */
    void sync(Secret secret, JobDetail ran) {
        sync(secret, store.owedFinish(secret.name()).filter(o -> o.dueAt().isPresent()), ran);
    }

    private void sync(Secret secret, Optional<OwedFinish> deferred, JobDetail ran) {
        JobKey job = jobKey(secret.name());
        if (secret.pendingDeletion()) {
            // A secret waiting to be deleted rotates neither on schedule nor on a queued rotate-now;
            // RestoreSecret syncs it again, which brings the schedule back.
            try {
                quartz.deleteJob(job);
            } catch (SchedulerException e) {
                throw new IllegalStateException("could not unschedule secret '" + secret.name() + "': "
                        + e.getMessage(), e);
            }
            return;
        }
        // Read once for both: a storm of rotations syncs thousands of secrets at once.
        List<TriggerKey> triggers = triggerKeysOf(secret.name());
        syncSchedule(secret, triggers, ran);
        syncFinish(secret.name(), deferred, triggers, ran);
    }

    /**
     * The keys of the secret's triggers: those in its group, which are its job's (a recovery re-fire is in Quartz's
     * own group and is neither a schedule nor a finish). One query on the group's index, where reading the job's
     * triggers reads each trigger's row, its simple-trigger row and its data.
     */
    private List<TriggerKey> triggerKeysOf(String name) {
        try {
            return List.copyOf(quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(name)));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not read the schedule of secret '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * The usual case, a due run that moved NextRotationDate on, is one Quartz transaction: its spent trigger is
     * replaced by the next one ({@code rescheduleJob}), where unscheduling and scheduling apart take Quartz's
     * cluster-wide trigger lock twice.
     */
    private void syncSchedule(Secret secret, List<TriggerKey> triggers, JobDetail ran) {
        JobKey job = jobKey(secret.name());
        Instant next = wantedNext(secret);
        try {
            TriggerKey wanted = next == null ? null : scheduleKey(secret.name(), next);
            List<TriggerKey> stale = new ArrayList<>(triggers.stream()
                    .filter(k -> isSchedule(k) && !k.equals(wanted)).toList());
            if (wanted == null || triggers.contains(wanted)) {
                for (TriggerKey k : stale) {
                    quartz.unscheduleJob(k);
                }
                return;
            }
            ensureJob(job, ran);
            try {
                if (stale.isEmpty() || quartz.rescheduleJob(stale.remove(0), scheduleTrigger(secret.name(), next))
                        == null) {
                    // nothing to replace (or it went meanwhile): a trigger of its own
                    quartz.scheduleJob(scheduleTrigger(secret.name(), next));
                }
            } catch (ObjectAlreadyExistsException raced) {
                // another worker scheduled the same due time first: fine; what it would have replaced goes below
                stale = new ArrayList<>(triggers.stream().filter(k -> isSchedule(k) && !k.equals(wanted)).toList());
            }
            for (TriggerKey k : stale) {
                quartz.unscheduleJob(k);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not schedule secret '" + secret.name() + "': " + e.getMessage(), e);
        }
    }

    /** When the secret's schedule trigger should fire: its NextRotationDate while rotation is Enabled or Invalid. */
    private static Instant wantedNext(Secret secret) {
        return secret.rotation().enabled() ? secret.rotation().nextRotation() : null;
    }

    private static TriggerKey scheduleKey(String secretName, Instant next) {
        return new TriggerKey(SCHEDULE_PREFIX + next.toEpochMilli(), secretName);
    }

    private static Trigger scheduleTrigger(String secretName, Instant next) {
        return TriggerBuilder.newTrigger().withIdentity(scheduleKey(secretName, next)).forJob(jobKey(secretName))
                .usingJobData(DUE, next.toEpochMilli()).startAt(Date.from(next))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    /**
     * The finish trigger of a promoted rotation whose finish waits: it fires when the time left by the engine's clock
     * has passed (at once when it is already due), runs the rotation's own token, and the engine runs the finish if
     * it is due by then (or nothing, and this sync makes the trigger again). None once the finish has run.
     */
    private void syncFinish(String name, Optional<OwedFinish> deferred, List<TriggerKey> triggers, JobDetail ran) {
        JobKey job = jobKey(name);
        try {
            TriggerKey wanted = deferred.map(o -> new TriggerKey(FINISH_PREFIX + o.versionId(), name)).orElse(null);
            for (TriggerKey k : triggers) {
                if (isFinish(k) && !k.equals(wanted)) {
                    quartz.unscheduleJob(k);
                }
            }
            if (wanted == null) {
                return;
            }
            Duration left = Duration.between(clock.instant(), deferred.get().dueAt().orElseThrow());
            Date fireAt = Date.from(Instant.now().plus(left.isNegative() ? Duration.ZERO : left));
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(wanted).forJob(job)
                    .usingJobData(TOKEN, deferred.get().versionId()).startAt(fireAt)
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            Trigger existing = quartz.getTrigger(wanted);
            if (existing == null) {
                ensureJob(job, ran);
                try {
                    quartz.scheduleJob(trigger);
                } catch (ObjectAlreadyExistsException raced) {
                    // another worker scheduled it first: fine
                }
            } else if (existing.getNextFireTime() != null
                    && existing.getNextFireTime().getTime() > fireAt.getTime() + 1000) {
                // Due earlier than it was set for (the engine's clock moved on): fire then.
                quartz.rescheduleJob(wanted, trigger);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not schedule the finish of secret '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * Rotate-now: a one-off trigger that any free worker picks up. The token is the new version's
     * id; the same token again while its rotation is queued or running adds nothing, another token
     * is Rejected.SecretRotating.
     */
    @Override
    public void rotateNow(String secretName, String token) {
        rotateNow(secretName, token, RotationOptions.NONE);
    }

    /** Rotate-now whose steps get the operator's options (the overlap window rides in the trigger's data). */
    @Override
    public void rotateNow(String secretName, String token, RotationOptions options) {
        queue(secretName, new TriggerKey(NOW_PREFIX + token, secretName), token, options);
    }

    /** A request of its own, whatever was asked before: the run that gave up may not have cleared its trigger yet. */
    @Override
    public void resume(String secretName, String token, RotationOptions options) {
        queue(secretName, new TriggerKey(NOW_PREFIX + token + RESUME_INFIX + UUID.randomUUID(), secretName), token,
                options);
    }

    private void queue(String secretName, TriggerKey key, String token, RotationOptions options) {
        JobKey job = jobKey(secretName);
        try {
            ensureJob(job);
            for (Trigger t : quartz.getTriggersOfJob(job)) {
                if (!isSchedule(t.getKey()) && !t.getKey().equals(key)) {
                    throw new RotatorException(ErrorCode.ROTATION_IN_PROGRESS, "Your secret is being rotated, "
                            + "please try again later (secret '" + secretName + "')");
                }
            }
            TriggerBuilder<Trigger> trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                    .usingJobData(TOKEN, token);
            options.overlapWindow().ifPresent(window -> trigger.usingJobData(OVERLAP_MILLIS, window.toMillis()));
            quartz.scheduleJob(trigger.startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        } catch (ObjectAlreadyExistsException alreadyQueued) {
            // the same rotation is queued or running
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not queue rotation of '" + secretName + "': " + e.getMessage(), e);
        }
    }

    /** The time the secret's schedule trigger fires next, if it has one. */
    public Instant nextFireTime(String secretName) {
        try {
            for (Trigger t : quartz.getTriggersOfJob(jobKey(secretName))) {
                if (isSchedule(t.getKey()) && t.getNextFireTime() != null) {
                    return t.getNextFireTime().toInstant();
                }
            }
            return null;
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Every secret with rotation on gets its trigger, the others lose theirs (a restored database
     * may lack them or hold stale ones). {@link #start} runs it before Quartz starts.
     *
     * <p>It reads every trigger's key once and leaves alone a secret whose triggers already match it (the usual
     * case at start-up): syncing each secret costs several Quartz round trips, minutes for 100,000 secrets. Secrets
     * with no trigger at all are scheduled in batches, one Quartz transaction each; the rest are synced one by one.
     */
    public void reconcile() {
        Map<String, OwedFinish> deferred = new HashMap<>();
        store.deferredFinishes().forEach(o -> deferred.put(o.secretName(), o));
        Map<String, List<TriggerKey>> triggers = triggersBySecret();
        Map<JobDetail, Set<? extends Trigger>> missing = new HashMap<>();
        int page = 500;
        for (String after = null; ; ) {
            List<Secret> secrets = store.list(after, page);
            for (Secret s : secrets) {
                List<TriggerKey> existing = triggers.getOrDefault(s.name(), List.of());
                OwedFinish owed = deferred.get(s.name());
                Instant next = wantedNext(s);
                if (owed == null && !s.pendingDeletion() && schedules(existing).equals(next == null ? Set.of()
                        : Set.of(scheduleKey(s.name(), next))) && existing.stream().noneMatch(k -> isFinish(k))) {
                    continue;
                }
                if (owed == null && !s.pendingDeletion() && next != null && existing.isEmpty()) {
                    missing.put(JobBuilder.newJob(RotationJob.class).withIdentity(jobKey(s.name())).storeDurably()
                            .build(), Set.of(scheduleTrigger(s.name(), next)));
                    continue;
                }
                try {
                    sync(s, Optional.ofNullable(owed), null);
                } catch (RotatorException | IllegalStateException e) {
                    LOG.error("could not schedule secret '{}': {}", s.name(), e.getMessage());
                }
            }
            scheduleAll(missing);
            if (secrets.size() < page) {
                return;
            }
            after = secrets.get(secrets.size() - 1).name();
        }
    }

    /** Every trigger's key, by the secret it belongs to (its group). */
    private Map<String, List<TriggerKey>> triggersBySecret() {
        try {
            Map<String, List<TriggerKey>> out = new HashMap<>();
            for (TriggerKey k : quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
                out.computeIfAbsent(k.getGroup(), g -> new ArrayList<>()).add(k);
            }
            return out;
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not read the schedule: " + e.getMessage(), e);
        }
    }

    /** Schedules jobs that had no trigger, in one transaction; a failed batch is synced secret by secret instead. */
    private void scheduleAll(Map<JobDetail, Set<? extends Trigger>> missing) {
        if (missing.isEmpty()) {
            return;
        }
        try {
            // replace: a job kept without triggers (or one another worker just made) is the same job
            quartz.scheduleJobs(missing, true);
        } catch (SchedulerException e) {
            LOG.warn("could not schedule {} secrets at once ({}); scheduling them one by one", missing.size(),
                    e.getMessage());
            for (JobDetail job : missing.keySet()) {
                store.find(job.getKey().getName()).ifPresent(s -> {
                    try {
                        sync(s);
                    } catch (RotatorException | IllegalStateException failed) {
                        LOG.error("could not schedule secret '{}': {}", s.name(), failed.getMessage());
                    }
                });
            }
        }
        missing.clear();
    }

    private static Set<TriggerKey> schedules(List<TriggerKey> keys) {
        Set<TriggerKey> out = new HashSet<>();
        keys.stream().filter(RotationScheduler::isSchedule).forEach(out::add);
        return out;
    }

    public boolean isRunning() {
        try {
            return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Stops taking new work, lets running rotations finish for up to {@code grace}, then shuts down. */
    public void shutdown(Duration grace) {
        try {
            quartz.standby();
            Instant deadline = Instant.now().plus(grace);
            while (!quartz.getCurrentlyExecutingJobs().isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            int left = quartz.getCurrentlyExecutingJobs().size();
            if (left > 0) {
                LOG.warn("{} rotation(s) still running after {}; they resume from the store on the next start", left,
                        grace);
            }
            quartz.shutdown(false);
        } catch (SchedulerException e) {
            LOG.error("scheduler shutdown failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /**
     * The secret's job, asking for recovery: when a worker dies while running it, another cluster member (or this
     * one's next start) fires it again with the same trigger data, and the engine resumes the rotation from the
     * store. A job stored before it asked for recovery is replaced (its triggers stay).
     */
    private void ensureJob(JobKey job) throws SchedulerException {
        ensureJob(job, null);
    }

    /** @param known the job as Quartz just fired it, or null to read it */
    private void ensureJob(JobKey job, JobDetail known) throws SchedulerException {
        JobDetail existing = known != null && known.getKey().equals(job) ? known : quartz.getJobDetail(job);
        if (existing == null || !existing.requestsRecovery()) {
            JobDetail detail = JobBuilder.newJob(RotationJob.class).withIdentity(job).storeDurably().requestRecovery()
                    .build();
            try {
                quartz.addJob(detail, existing != null);
            } catch (ObjectAlreadyExistsException raced) {
                // another worker added it first: fine
            }
        }
    }

    /**
     * Every trigger of a secret's job but a rotate-now, a deferred finish and a recovery (Quartz's re-fire of a run
     * whose worker died) is its schedule.
     */
    private static boolean isSchedule(TriggerKey key) {
        return !key.getName().startsWith(NOW_PREFIX) && !isFinish(key)
                && !Scheduler.DEFAULT_RECOVERY_GROUP.equals(key.getGroup());
    }

    private static boolean isFinish(TriggerKey key) {
        return key.getName().startsWith(FINISH_PREFIX);
    }

    static JobKey jobKey(String secretName) {
        return new JobKey(secretName, JOB_GROUP);
    }

    /** Hands Quartz connections from the store's pool. */
    private record PooledConnections(Database database) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return database.dataSource().getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to the worker, which closes it after the scheduler
        }

        @Override
        public void initialize() {
        }
    }
}
