package dev.rotator.worker.auth;

import dev.rotator.worker.auth.AccessKeyStore.Credential;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialCacheTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();

    private static Credential enabled(String id) {
        return new Credential(new Principal(id, "p-" + id, PrincipalPolicy.admin()), true, "secret-of-" + id);
    }

    private Function<String, Optional<Credential>> counting(Function<String, Optional<Credential>> load) {
        return id -> {
            loads.incrementAndGet();
            return load.apply(id);
        };
    }

    @Test
    void anEnabledKeyIsReadOnceUntilItsEntryExpires() {
        CredentialCache cache = new CredentialCache(TTL, 16, nanos::get);
        Function<String, Optional<Credential>> load = counting(id -> Optional.of(enabled(id)));
        assertThat(cache.get("AK1", load).orElseThrow().secret()).isEqualTo("secret-of-AK1");
        nanos.addAndGet(TTL.toNanos() - 1);
        assertThat(cache.get("AK1", load).orElseThrow().secret()).isEqualTo("secret-of-AK1");
        assertThat(loads).hasValue(1);
        nanos.addAndGet(1);
        cache.get("AK1", load);
        assertThat(loads).hasValue(2);
    }

    @Test
    void unknownAndDisabledKeysAreReadEveryTime() {
        CredentialCache cache = new CredentialCache(TTL, 16, nanos::get);
        Function<String, Optional<Credential>> unknown = counting(id -> Optional.empty());
        cache.get("AK1", unknown);
        cache.get("AK1", unknown);
        Function<String, Optional<Credential>> disabled = counting(id -> Optional.of(
                new Credential(new Principal(id, "p", PrincipalPolicy.admin()), false, null)));
        cache.get("AK2", disabled);
        assertThat(cache.get("AK2", disabled).orElseThrow().enabled()).isFalse();
        assertThat(loads).hasValue(4);
    }

    @Test
    void aDisableDuringALoadKeepsThatLoadOutOfTheCache() {
        CredentialCache cache = new CredentialCache(TTL, 16, nanos::get);
        // The row was read as enabled, then the key was disabled before the load finished.
        Function<String, Optional<Credential>> racing = counting(id -> {
            Optional<Credential> readBeforeTheDisable = Optional.of(enabled(id));
            cache.invalidate(id);
            return readBeforeTheDisable;
        });
        cache.get("AK1", racing);
        Function<String, Optional<Credential>> afterwards = counting(id -> Optional.of(
                new Credential(new Principal(id, "p", PrincipalPolicy.admin()), false, null)));
        assertThat(cache.get("AK1", afterwards).orElseThrow().enabled()).isFalse();
        assertThat(loads).hasValue(2);
    }

    @Test
    void itKeepsAtMostItsCapacity() {
        CredentialCache cache = new CredentialCache(TTL, 2, nanos::get);
        Function<String, Optional<Credential>> load = counting(id -> Optional.of(enabled(id)));
        cache.get("AK1", load);
        cache.get("AK2", load);
        cache.get("AK3", load); // full: the others make room
        cache.get("AK3", load);
        assertThat(loads).hasValue(3);
        cache.get("AK1", load);
        assertThat(loads).hasValue(4);
    }
}
