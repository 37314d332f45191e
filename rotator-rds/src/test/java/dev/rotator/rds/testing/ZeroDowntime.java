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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

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

    /**
     * Runs the check on a rotator driven directly: {@code rotate} returns the new ACSCurrent, which clients then
     * read; {@code first} is the ACSCurrent value they start with. Fails the test if it breaks.
     */
    public static void check(SecretValue first, Rotate rotate, Login login) throws Exception {
        AtomicReference<Reading> published = new AtomicReference<>(new Reading("0", first));
        AtomicInteger generation = new AtomicInteger();
        check(() -> published::get,
                () -> published.set(new Reading(String.valueOf(generation.incrementAndGet()), rotate.next())), login);
    }

    /** What a client reads: the ACSCurrent version and its value. */
    public record Reading(String version, SecretValue value) {
    }

    /** How one client reads ACSCurrent (GetSecretValue through a worker, or the value a test published). */
    @FunctionalInterface
    public interface Reader {
        Reading read() throws Exception;
    }

    /** Runs one full rotation; ACSCurrent is the new value when it returns. */
    @FunctionalInterface
    public interface Rotation {
        void run() throws Exception;
    }

    /**
     * Runs the check with clients that read ACSCurrent themselves; {@code readers} gives each client (and the
     * check itself) its own reader. Fails the test if a login fails or the value two generations old still works.
     */
    public static void check(Supplier<Reader> readers, Rotation rotation, Login login) throws Exception {
        AtomicReferenceArray<String> seen = new AtomicReferenceArray<>(CLIENTS); // the version each client read last
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger logins = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            Reader reader = readers.get();
            clients.add(pool.submit(() -> {
                while (!done.get()) {
                    Reading r;
                    try {
                        r = reader.read();
                    } catch (Exception e) {
                        failures.add("reading ACSCurrent: " + e.getMessage());
                        continue;
                    }
                    seen.set(client, r.version());
                    try {
                        login.use(r.value());
                        logins.incrementAndGet();
                    } catch (Exception e) {
                        failures.add("version " + r.version() + ", " + Accounts.name(r.value()) + ": "
                                + e.getMessage());
                    }
                }
            }));
        }
        Reader reader = readers.get();
        List<SecretValue> history = new ArrayList<>();
        try {
            Reading now = reader.read();
            for (int i = 0; i <= ROTATIONS; i++) {
                if (i > 0) {
                    rotation.run();
                    now = reader.read();
                }
                history.add(now.value());
                if (history.size() >= 3) {
                    assertThat(refused(login, history.get(history.size() - 3)))
                            .as("the credential two generations old, after rotation " + i).isTrue();
                }
                // The next rotation starts once every client has read this one's value.
                awaitEveryClientAt(seen, now.version());
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

    private static void awaitEveryClientAt(AtomicReferenceArray<String> seen, String version)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; i < seen.length(); i++) {
            while (!version.equals(seen.get(i))) {
                assertThat(System.nanoTime()).as("client " + i + " reads version " + version).isLessThan(deadline);
                Thread.sleep(1);
            }
        }
    }
}
