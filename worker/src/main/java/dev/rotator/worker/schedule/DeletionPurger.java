package dev.rotator.worker.schedule;

import dev.rotator.core.service.SecretService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes secrets whose recovery window has ended: once at start-up, then at a fixed interval. Every
 * worker may run it; the store deletes a secret only if its window has ended, in one transaction, so
 * two workers purging at once (or a RestoreSecret in between) cannot go wrong.
 */
public final class DeletionPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionPurger.class);

    private final ScheduledExecutorService executor;

    private DeletionPurger(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static DeletionPurger start(SecretService secrets, Clock clock, Duration every) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rotator-purge");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> purge(secrets, clock), 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return new DeletionPurger(executor);
    }

    private static void purge(SecretService secrets, Clock clock) {
        try {
            List<String> purged = secrets.purgeExpired(clock.instant());
            if (!purged.isEmpty()) {
                LOG.info("deleted {} secret(s) whose recovery window ended: {}", purged.size(), purged);
            }
        } catch (RuntimeException e) {
            // Next round retries; a store outage must not kill the executor thread.
            LOG.error("purging deleted secrets failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
