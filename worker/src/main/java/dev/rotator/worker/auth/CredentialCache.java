package dev.rotator.worker.auth;

import dev.rotator.worker.auth.AccessKeyStore.Credential;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Opened credentials of enabled AccessKeys, kept for a short while so that a request does not read the
 * key's row and unseal its secret every time (the benchmark's hot path, docs/benchmarks.md).
 *
 * <p>A disable on this worker ({@link #invalidate}) takes effect at once, also against a load that was
 * in flight when it happened. Another worker sharing the store keeps an entry until it expires, so a
 * disable reaches it within {@link #TTL}. Disabled and unknown keys are never kept. Bounded to
 * {@code capacity} keys; when full, expired entries go first, then all of them.
 */
final class CredentialCache {
    static final Duration TTL = Duration.ofSeconds(5);
    static final int CAPACITY = 1_024;

    private record Entry(Credential credential, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoTime;
    /** Bumped by every invalidation, so that a load which started before one is not kept after it. */
    private long generation;

    CredentialCache(Duration ttl, int capacity, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    static CredentialCache standard() {
        return new CredentialCache(TTL, CAPACITY, System::nanoTime);
    }

    Optional<Credential> get(String accessKeyId, Function<String, Optional<Credential>> load) {
        Entry entry = entries.get(accessKeyId);
        if (entry != null && nanoTime.getAsLong() - entry.expiresAt < 0) {
            return Optional.of(entry.credential);
        }
        long loadedIn = generation();
        Optional<Credential> loaded = load.apply(accessKeyId);
        if (loaded.isPresent() && loaded.get().enabled()) {
            keep(accessKeyId, loaded.get(), loadedIn);
        } else {
            entries.remove(accessKeyId);
        }
        return loaded;
    }

    /** Forgets a key at once: its next request reads the store. */
    synchronized void invalidate(String accessKeyId) {
        generation++;
        entries.remove(accessKeyId);
    }

    private synchronized long generation() {
        return generation;
    }

    private synchronized void keep(String accessKeyId, Credential credential, long loadedIn) {
        if (loadedIn != generation) {
            return; // a disable happened while this was read: it may be stale
        }
        long now = nanoTime.getAsLong();
        if (entries.size() >= capacity) {
            entries.values().removeIf(e -> now - e.expiresAt >= 0);
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(accessKeyId, new Entry(credential, now + ttlNanos));
    }
}
