package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nonces of accepted requests, per AccessKey, to refuse replays. A request's timestamp is only
 * accepted within {@code window} of the server's clock, so a nonce is remembered until its request's
 * timestamp + window (rounded up to the minute), and forgotten after: a replay of it is then refused
 * for its timestamp anyway.
 *
 * <p>Compact: a nonce is kept as a 64-bit fingerprint of key and nonce (a false "replay" needs a
 * 64-bit collision with a live nonce of the same key) in one open-addressing table per expiry minute,
 * so forgetting is dropping whole tables. About 11-21 bytes per live nonce.
 *
 * <p>Bounded: at most {@code capacity} live nonces. When that many requests arrived within the window,
 * a new one is refused with Rejected.Throttling rather than forgetting a live nonce, which would let
 * its replay through. Per process: workers sharing a store do not share nonces.
 */
public final class NonceCache {
    private static final long SLOT_MILLIS = 60_000;

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
    /** Expiry minute (end of the slot, epoch millis) to the fingerprints that expire then. */
    private final TreeMap<Long, FingerprintSet> slots = new TreeMap<>();
    private int size;

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
        long expiresAt = requestTime.toEpochMilli() + windowMillis;
        long slotEnd = Math.floorDiv(expiresAt + SLOT_MILLIS - 1, SLOT_MILLIS) * SLOT_MILLIS;
        return firstUse(fingerprint(accessKeyId, nonce), slotEnd, now.toEpochMilli());
    }

    private synchronized boolean firstUse(long fingerprint, long slotEnd, long now) {
        forgetExpired(now);
        for (FingerprintSet slot : slots.values()) {
            if (slot.contains(fingerprint)) {
                return false;
            }
        }
        if (size >= capacity) {
            throw new RotatorException(ErrorCode.THROTTLING,
                    "Too many requests within the timestamp window; try again later.");
        }
        slots.computeIfAbsent(slotEnd, end -> new FingerprintSet()).add(fingerprint);
        size++;
        return true;
    }

    public synchronized int size() {
        return size;
    }

    private void forgetExpired(long now) {
        Iterator<Map.Entry<Long, FingerprintSet>> it = slots.headMap(now, false).entrySet().iterator();
        while (it.hasNext()) {
            size -= it.next().getValue().size();
            it.remove();
        }
    }

    private static long fingerprint(String accessKeyId, String nonce) {
        MessageDigest sha = SHA256.get();
        sha.update(accessKeyId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        return ByteBuffer.wrap(sha.digest(nonce.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    /** A set of longs: linear probing in a power-of-two array, 0 marks a free cell (fingerprint 0 is stored as 1). */
    private static final class FingerprintSet {
        private long[] cells = new long[256];
        private int size;

        boolean contains(long fingerprint) {
            long value = fingerprint == 0 ? 1 : fingerprint;
            int mask = cells.length - 1;
            for (int i = index(value, mask); ; i = (i + 1) & mask) {
                if (cells[i] == value) {
                    return true;
                }
                if (cells[i] == 0) {
                    return false;
                }
            }
        }

        /** Adds a fingerprint not yet in the set. */
        void add(long fingerprint) {
            if ((size + 1) * 4L > cells.length * 3L) {
                grow();
            }
            insert(cells, fingerprint == 0 ? 1 : fingerprint);
            size++;
        }

        int size() {
            return size;
        }

        private void grow() {
            long[] bigger = new long[cells.length * 2];
            for (long value : cells) {
                if (value != 0) {
                    insert(bigger, value);
                }
            }
            cells = bigger;
        }

        private static void insert(long[] cells, long value) {
            int mask = cells.length - 1;
            int i = index(value, mask);
            while (cells[i] != 0) {
                i = (i + 1) & mask;
            }
            cells[i] = value;
        }

        /** SHA-256 bits are uniform already; the high bits are another slice of them. */
        private static int index(long value, int mask) {
            return (int) (value >>> 32) & mask;
        }
    }
}
