package dev.rotator.bench.scale;

import dev.rotator.core.Secret;
import dev.rotator.worker.Worker;

import java.time.Instant;

/** Makes a secret due at a given instant as UpdateRotationPolicy would: the store first, then its trigger. */
final class DueAt {
    private DueAt() {
    }

    static void make(Worker worker, String name, Instant at) {
        Secret s = worker.store().find(name).orElseThrow(() -> new IllegalStateException("no secret " + name));
        Secret updated = s.withRotation(s.rotation().withNextRotation(at));
        worker.store().update(updated);
        worker.scheduler().sync(updated);
    }
}
