package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The nonces of accepted requests, per AccessKey, to refuse replays. A request's timestamp is only
 * accepted within {@code window} of the server's clock, so a nonce is remembered until its request's
 * timestamp + window, and forgotten after: a replay of it is then refused for its timestamp anyway.
 *
 * <p>Bounded: at most {@code capacity} live nonces (about 90 bytes each: a 128-bit hash of key and
 * nonce, and its expiry). When that many requests arrived within the window, a new one is refused
 * with Rejected.Throttling rather than forgetting a live nonce, which would let its replay through.
 * Per process: workers sharing a store do not share nonces.
 */
public final class NonceCache {
    /** One remembered nonce; equal by hash only, so the set finds it whatever its expiry. */
    private record Seen(long high, long low, long expiresAt) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && s.high == high && s.low == low;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(high ^ low);
        }
    }

    /** Per thread: MessageDigest.getInstance looks the provider up on every call. digest() resets it. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private final long windowMillis;
    private final int capacity;
    private final Set<Seen> seen = new HashSet<>();
    private final PriorityQueue<Seen> byExpiry = new PriorityQueue<>((a, b) -> Long.compare(a.expiresAt, b.expiresAt));

    public NonceCache(Duration window, int capacity) {
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
    }

    /**
     * Records the nonce of an authenticated request.
     *
     * @return false if the same key used the same nonce before and it is still remembered (a replay)
     */
    public boolean firstUse(String accessKeyId, String nonce, Instant requestTime, Instant now) {
        // Hashed before taking the lock, which every signed request passes through.
        return firstUse(hash(accessKeyId, nonce, requestTime.toEpochMilli() + windowMillis), now.toEpochMilli());
    }

    private synchronized boolean firstUse(Seen entry, long now) {
        forgetExpired(now);
        if (seen.contains(entry)) {
            return false;
        }
        if (seen.size() >= capacity) {
            throw new RotatorException(ErrorCode.THROTTLING,
                    "Too many requests within the timestamp window; try again later.");
        }
        seen.add(entry);
        byExpiry.add(entry);
        return true;
    }

    public synchronized int size() {
        return seen.size();
    }

    private void forgetExpired(long now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt < now) {
            seen.remove(byExpiry.poll());
        }
    }

    private static Seen hash(String accessKeyId, String nonce, long expiresAt) {
        MessageDigest sha = SHA256.get();
        sha.update(accessKeyId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        ByteBuffer digest = ByteBuffer.wrap(sha.digest(nonce.getBytes(StandardCharsets.UTF_8)));
        return new Seen(digest.getLong(), digest.getLong(), expiresAt);
    }
}
