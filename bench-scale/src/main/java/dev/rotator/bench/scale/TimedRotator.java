package dev.rotator.bench.scale;

import dev.rotator.core.AccountCredential;
import dev.rotator.core.spi.Rotator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dual-account rotator whose target costs nothing: it notes when each secret's rotation reached its first step
 * (create), so that the lag from a due time to the start of its rotation is the engine's and scheduler's alone.
 * The new value is a fresh password for the other account, as a dual-account rotation makes.
 */
final class TimedRotator implements Rotator {
    private final Map<String, Long> startedMillis = new ConcurrentHashMap<>();
    private final AtomicLong passwords = new AtomicLong();

    /** When the rotation of {@code name} first reached create (epoch ms), or null. */
    Long startedAt(String name) {
        return startedMillis.get(name);
    }

    int started() {
        return startedMillis.size();
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        startedMillis.putIfAbsent(request.secret().name(), System.currentTimeMillis());
        return new CreateResponse(new AccountCredential("app_clone", "Bench-pw-" + passwords.incrementAndGet()).value());
    }

    @Override
    public SetResponse set(SetRequest request) {
        return SetResponse.applied();
    }

    @Override
    public void test(TestRequest request) {
    }
}
