package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NonceCacheTest {
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aNonceIsAcceptedOnceWhileItsTimestampIsInTheWindow() {
        NonceCache cache = new NonceCache(WINDOW, 10);
        assertThat(cache.firstUse("AK1", "n1", t0, t0)).isTrue();
        assertThat(cache.firstUse("AK1", "n1", t0, t0.plus(WINDOW))).isFalse();
    }

    @Test
    void anotherKeyMayUseTheSameNonce() {
        NonceCache cache = new NonceCache(WINDOW, 10);
        assertThat(cache.firstUse("AK1", "n1", t0, t0)).isTrue();
        assertThat(cache.firstUse("AK2", "n1", t0, t0)).isTrue();
    }

    @Test
    void aNonceIsForgottenOnceItsTimestampLeftTheWindow() {
        NonceCache cache = new NonceCache(WINDOW, 10);
        cache.firstUse("AK1", "n1", t0, t0);
        cache.firstUse("AK1", "n2", t0.plus(Duration.ofMinutes(10)), t0);
        Instant later = t0.plus(WINDOW).plusMillis(1);
        assertThat(cache.firstUse("AK1", "n3", later, later)).isTrue();
        assertThat(cache.size()).as("n1 forgotten, n2 and n3 remembered").isEqualTo(2);
        // A request dated ahead is remembered for as long as its timestamp is acceptable.
        Instant stillInWindow = t0.plus(Duration.ofMinutes(25));
        assertThat(cache.firstUse("AK1", "n2", t0.plus(Duration.ofMinutes(10)), stillInWindow)).isFalse();
    }

    @Test
    void aFullCacheRefusesNewRequestsRatherThanForgettingLiveNonces() {
        NonceCache cache = new NonceCache(WINDOW, 2);
        cache.firstUse("AK1", "n1", t0, t0);
        cache.firstUse("AK1", "n2", t0, t0);
        assertThatThrownBy(() -> cache.firstUse("AK1", "n3", t0, t0))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.THROTTLING));
        assertThat(cache.firstUse("AK1", "n1", t0, t0)).as("still remembered").isFalse();
        Instant later = t0.plus(WINDOW).plusSeconds(1);
        assertThat(cache.firstUse("AK1", "n3", later, later)).as("room again once the old ones expired").isTrue();
    }

    @Test
    void theSameNonceWithAnotherTimestampIsStillAReplay() {
        NonceCache cache = new NonceCache(WINDOW, 10);
        assertThat(cache.firstUse("AK1", "n1", t0, t0)).isTrue();
        assertThat(cache.firstUse("AK1", "n1", t0.plus(Duration.ofMinutes(7)), t0.plus(Duration.ofMinutes(7))))
                .isFalse();
    }

    @Test
    void manyNoncesAreAllRememberedAndEachRefusedOnReplay() {
        int n = 100_000;
        NonceCache cache = new NonceCache(WINDOW, n);
        for (int i = 0; i < n; i++) {
            Instant sent = t0.plusMillis(i * 7L); // spread over several expiry minutes
            assertThat(cache.firstUse("AK1", "nonce-" + i, sent, sent)).isTrue();
        }
        Instant end = t0.plusMillis(n * 7L);
        for (int i = 0; i < n; i += 997) {
            assertThat(cache.firstUse("AK1", "nonce-" + i, t0.plusMillis(i * 7L), end)).as("replay of %d", i).isFalse();
        }
        assertThat(cache.size()).isEqualTo(n);
    }
}
