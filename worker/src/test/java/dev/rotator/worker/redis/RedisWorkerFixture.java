package dev.rotator.worker.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One {@link RedisWorker} (a worker and its throwaway Redis primary and replica) for all the tests of a class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RedisWorkerFixture {
    protected RedisWorker w;

    @BeforeAll
    void startRedisWorker() throws Exception {
        w = RedisWorker.start();
    }

    @AfterAll
    void stopRedisWorker() throws Exception {
        if (w != null) {
            w.close();
        }
    }
}
