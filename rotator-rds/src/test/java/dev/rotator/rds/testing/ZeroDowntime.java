package dev.rotator.rds.testing;

import dev.rotator.core.SecretValue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-downtime check of dual-account rotation: while 20 rotations run back to back, 16 clients keep opening
 * new connections with the ACSCurrent value they last read, re-reading it only after a rotation completes, and
 * none of their logins fails. After each rotation the credential two generations old is refused.
 *
 * <p>The next rotation starts once every client has read the value the last one published (as applications do
 * within a rotation interval): a value read two rotations ago is ACSPrevious while the rotation after next resets
 * it, and is then meant to stop working.
 *
 * <p>How a rotation runs (the rotator's steps, or RotateSecret through a worker) and how a login is made are the
 * caller's, so the Rds, PolarDB and Redis rotators, alone or behind the worker, meet the same check.
 */
public final class ZeroDowntime {
    public static final int CLIENTS = 16;
    public static final int ROTATIONS = 20;

    /** One full rotation; returns the new ACSCurrent once it is promoted. */
    @FunctionalInterface
    public interface Rotate {
        SecretValue next() throws Exception;
    }

    /** Opens a new connection with the credential alone and uses it; throws when the server refuses. */
    @FunctionalInterface
    public interface Login {
        void use(SecretValue credential) throws Exception;
    }

    private ZeroDowntime() {
    }

    /** Logins to the sandbox's database that run {@code SELECT 1}. */
    public static Login into(TestServer.Sandbox sb) {
        return value -> {
            try (Connection c = sb.login(Accounts.name(value), Accounts.password(value));
                 Statement st = c.createStatement()) {
                st.execute("SELECT 1");
            }
        };
    }

    /** Runs the check from {@code first}, the ACSCurrent value clients start with; fails the test if it breaks. */
    public static void check(SecretValue first, Rotate rotate, Login login) throws Exception {
        // What a client may read: ACSCurrent as of the last completed rotation, with its generation.
        AtomicReference<Published> published = new AtomicReference<>(new Published(0, first));
        AtomicIntegerArray seen = new AtomicIntegerArray(CLIENTS);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger logins = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            clients.add(pool.submit(() -> {
                while (!done.get()) {
                    Published p = published.get();
                    seen.set(client, p.generation());
                    try {
                        login.use(p.value());
                        logins.incrementAndGet();
                    } catch (Exception e) {
                        failures.add("generation " + p.generation() + ", " + Accounts.name(p.value()) + ": "
                                + e.getMessage());
                    }
                }
            }));
        }
        List<SecretValue> history = new ArrayList<>();
        history.add(first);
        try {
            for (int i = 0; i < ROTATIONS; i++) {
                awaitEveryClientAt(seen, i);
                SecretValue now = rotate.next();
                published.set(new Published(i + 1, now));
                history.add(now);
                if (history.size() >= 3) {
                    assertThat(refused(login, history.get(history.size() - 3)))
                            .as("the credential two generations old, after rotation " + (i + 1)).isTrue();
                }
            }
        } finally {
            done.set(true);
            for (Future<?> f : clients) {
                f.get();
            }
            pool.shutdown();
        }
        assertThat(failures).isEmpty();
        assertThat(logins.get()).as("clients logged in throughout").isGreaterThan(CLIENTS * ROTATIONS);
    }

    private static boolean refused(Login login, SecretValue value) {
        try {
            login.use(value);
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static void awaitEveryClientAt(AtomicIntegerArray seen, int generation) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; i < seen.length(); i++) {
            while (seen.get(i) < generation) {
                assertThat(System.nanoTime()).as("client " + i + " reads generation " + generation).isLessThan(deadline);
                Thread.sleep(1);
            }
        }
    }

    private record Published(int generation, SecretValue value) {
    }
}
