package dev.rotator.worker.schedule;

import dev.rotator.core.RotatorException;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.engine.RotationResult;
import dev.rotator.core.engine.RotationTrigger;
import dev.rotator.core.spi.SecretStore;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        String token = context.getMergedJobDataMap().getString(RotationScheduler.TOKEN);
        RotationTrigger trigger = token != null ? RotationTrigger.withToken(token)
                : RotationTrigger.scheduled(context.getScheduledFireTime().toInstant());
        try {
            RotationResult result = engine.rotate(name, trigger);
            LOG.debug("secret '{}': {}", name, result.status());
        } catch (RotatorException e) {
            // The engine has recorded the failure on the secret and in its events.
            LOG.warn("rotation of secret '{}' did not complete: {} {}", name, e.code().code(), e.getMessage());
        } finally {
            try {
                store.find(name).ifPresent(scheduler::sync);
            } catch (RuntimeException e) {
                LOG.error("could not reschedule secret '{}': {}", name, e.getMessage());
            }
        }
    }
}
