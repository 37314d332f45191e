package dev.rotator.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.SecretValue;
import dev.rotator.core.spi.RotationOptions;
import dev.rotator.core.spi.Rotator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-scope dual-account rotator whose "target" is an in-memory account table. It lets the
 * engine's tests fail or crash any step, before or after the step's effect, and count what ran.
 */
public class FakeAccountsRotator implements Rotator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a fault strikes. */
    public enum Point { CREATE, SET_BEFORE, SET_AFTER, TEST, FINISH }

    /** Thrown to simulate the worker dying mid-step: an Error, so the engine does not catch it. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash(Point point) {
            super("simulated crash at " + point);
        }
    }

    public final Map<String, String> accounts = new ConcurrentHashMap<>();
    public final Map<Point, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** The options each step was last called with (the rotate-now OverlapWindow reaches them). */
    public final Map<Point, RotationOptions> options = new ConcurrentHashMap<>();
    private final Map<Point, Integer> failuresLeft = new ConcurrentHashMap<>();
    private volatile Point crashAt;
    private volatile String failureMessage = "target unreachable";
    private final AtomicInteger passwords = new AtomicInteger();

    public static SecretValue value(String account, String password) {
        return SecretValue.text("{\"AccountName\":\"" + account + "\",\"AccountPassword\":\"" + password + "\"}");
    }

    /** Crashes the next time {@code point} is reached. */
    public void crashAt(Point point) {
        crashAt = point;
    }

    /** Fails the next {@code times} attempts at {@code point} with an ordinary exception. */
    public void failAt(Point point, int times, String message) {
        failuresLeft.put(point, times);
        failureMessage = message;
    }

    public int calls(Point point) {
        return calls.getOrDefault(point, new AtomicInteger()).get();
    }

    /** True if the credential in the value logs in on the fake target. */
    public boolean works(SecretValue value) {
        JsonNode v = parse(value);
        return v.path("AccountPassword").asText().equals(accounts.get(v.path("AccountName").asText()));
    }

    @Override
    public CreateResponse create(CreateRequest request) {
        fault(Point.CREATE);
        options.put(Point.CREATE, request.options());
        String current = parse(request.current()).path("AccountName").asText();
        String other = current.endsWith("_clone") ? current.substring(0, current.length() - 6) : current + "_clone";
        return new CreateResponse(value(other, "pw-" + passwords.incrementAndGet() + "-" + System.nanoTime()));
    }

    @Override
    public SetResponse set(SetRequest request) {
        fault(Point.SET_BEFORE);
        options.put(Point.SET_BEFORE, request.options());
        JsonNode v = parse(request.pending());
        accounts.put(v.path("AccountName").asText(), v.path("AccountPassword").asText());
        fault(Point.SET_AFTER);
        return SetResponse.applied();
    }

    @Override
    public void test(TestRequest request) {
        fault(Point.TEST);
        options.put(Point.TEST, request.options());
        if (!works(request.pending())) {
            throw new IllegalStateException("login with the pending credential failed");
        }
    }

    @Override
    public void finish(FinishRequest request) {
        fault(Point.FINISH);
        options.put(Point.FINISH, request.options());
    }

    private void fault(Point point) {
        calls.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        if (crashAt == point) {
            crashAt = null;
            throw new SimulatedCrash(point);
        }
        Integer left = failuresLeft.get(point);
        if (left != null && left > 0) {
            failuresLeft.put(point, left - 1);
            throw new IllegalStateException(failureMessage);
        }
    }

    private static JsonNode parse(SecretValue value) {
        try {
            return JSON.readTree(value.text());
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON account value");
        }
    }

    public Optional<String> password(String account) {
        return Optional.ofNullable(accounts.get(account));
    }
}
