package dev.rotator.core.engine;

import java.time.Duration;

/** Waits between retries; tests pass one that does not sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
