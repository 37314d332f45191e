package dev.rotator.worker.schedule;

import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationResult;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.SecretStore;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One secret's rotation, fired by its schedule or by rotate-now. Never two at once for one
 * secret on one cluster (Quartz), and the engine's lock covers everything else.
 */
@DisallowConcurrentExecution
final class RotationJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(RotationJob.class);

    private final RotationEngine engine;
    private final SecretStore store;
    private final RotationScheduler scheduler;

    RotationJob(RotationEngine engine, SecretStore store, RotationScheduler scheduler) {
        this.engine = engine;
        this.store = store;
        this.scheduler = scheduler;
    }

    /** How long a run cut short by the store waits before it runs again on the same thread. */
    static final Duration STORE_RETRY_DELAY = Duration.ofSeconds(5);
    /** Runs again at most this often for one firing (about five minutes of store outage). */
    static final int STORE_RETRIES = 60;

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String name = context.getJobDetail().getKey().getName();
        JobDataMap data = context.getTrigger().getJobDataMap();
        String token = data.getString(RotationScheduler.TOKEN);
        // The due time the schedule trigger was made for (a misfired one fires later than that).
        Instant due = token != null ? null : data.containsKey(RotationScheduler.DUE)
                ? Instant.ofEpochMilli(data.getLong(RotationScheduler.DUE)) : context.getScheduledFireTime().toInstant();
        RotationTrigger trigger = token != null ? RotationTrigger.withToken(token, options(data))
                : RotationTrigger.scheduled(due);
        RotatorException storeDown = null;
        try {
            RotationResult result = engine.rotate(name, trigger);
            LOG.debug("secret '{}': {}", name, result.status());
        } catch (RotatorException e) {
            // The engine has recorded a failed rotation on the secret and in its events.
            LOG.warn("rotation of secret '{}' did not complete: {} {}", name, e.code().code(), e.getMessage());
            storeDown = causedByStore(e) ? e : null;
        } finally {
            reschedule(name, due, context.getJobDetail());
        }
        if (storeDown != null && context.getRefireCount() < STORE_RETRIES) {
            // The store went away under the run: the trigger is spent, the failure may not even be recorded, and
            // nothing else would resume the rotation. Quartz runs this job again here, with the same trigger data,
            // and the engine resumes the rotation from the store once it is back.
            LOG.warn("store unreachable during the rotation of secret '{}'; running it again in {}", name,
                    STORE_RETRY_DELAY);
            try {
                Thread.sleep(STORE_RETRY_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            throw new JobExecutionException(storeDown, true);
        }
    }

    private static boolean causedByStore(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private static RotationOptions options(JobDataMap data) {
        return data.containsKey(RotationScheduler.OVERLAP_MILLIS)
                ? RotationOptions.overlap(Duration.ofMillis(data.getLong(RotationScheduler.OVERLAP_MILLIS)))
                : RotationOptions.NONE;
    }

    /**
     * Makes the schedule match the secret again. A due run that left NextRotationDate where it was
     * (another worker held the lock, or the store failed) moves it a little later first: the
     * trigger that fired is spent, and the secret would otherwise never rotate again.
     */
    private void reschedule(String name, Instant due, JobDetail ran) {
        try {
            Optional<Secret> secret = store.find(name);
            if (secret.isPresent() && due != null && secret.get().rotation().enabled()
                    && due.equals(secret.get().rotation().nextRotation())) {
                Instant retry = Instant.now().plus(RotationScheduler.BUSY_RETRY).truncatedTo(ChronoUnit.MILLIS);
                if (store.postponeRotation(name, due, retry)) {
                    LOG.warn("due rotation of secret '{}' could not run; trying again at {}", name, retry);
                }
                secret = store.find(name);
            }
            secret.ifPresent(s -> scheduler.sync(s, ran));
        } catch (RuntimeException e) {
            LOG.error("could not reschedule secret '{}': {}", name, e.getMessage());
        }
    }
}
