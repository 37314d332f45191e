package dev.rotator.rds;

import dev.rotator.core.SecretValue;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.Sessions;
import dev.rotator.rds.testing.TestContext;
import dev.rotator.rds.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Dual account is the zero-downtime mode: while 20 rotations run back to back, 16 clients keep opening new
 * connections with the ACSCurrent value they last read, re-reading it only after a rotation completes, and none
 * of their logins fails. After each rotation the credential two generations old is refused.
 *
 * <p>The next rotation starts once every client has read the value the last one published (as applications do
 * within a rotation interval): a value read two rotations ago is ACSPrevious while the rotation after next resets
 * it, and is then meant to stop working.
 */
class ZeroDowntimeTest {
    private static final int CLIENTS = 16;
    private static final int ROTATIONS = 20;

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void clientsNeverSeeAFailedLoginWhileTheSecretRotates(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox()) {
            String u = sb.account("zd");
            Rotation r = new Rotation(new RdsRotator(TestContext.of(sb, "db")), "rds/zd",
                    Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", "db", "AccountName", u,
                            "AccountPrivilege", "ReadWrite", "DBNames", List.of(sb.database)),
                    SecretValue.text("$Auto"));
            r.rotate();
            // What a client may read: ACSCurrent as of the last completed rotation, with its generation.
            AtomicReference<Published> published = new AtomicReference<>(new Published(0, r.current()));
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
                        try (Connection c = sb.login(Accounts.name(p.value()), Accounts.password(p.value()))) {
                            c.createStatement().execute("SELECT 1");
                            logins.incrementAndGet();
                        } catch (SQLException e) {
                            failures.add("generation " + p.generation() + ", " + Accounts.name(p.value()) + ": "
                                    + e.getMessage());
                        }
                    }
                }));
            }
            List<SecretValue> history = new ArrayList<>();
            history.add(r.current());
            try {
                for (int i = 0; i < ROTATIONS; i++) {
                    awaitEveryClientAt(seen, i);
                    SecretValue now = r.rotate();
                    published.set(new Published(i + 1, now));
                    history.add(now);
                    SecretValue twoBack = history.size() >= 3 ? history.get(history.size() - 3) : null;
                    if (twoBack != null) {
                        assertThat(Sessions.logsIn(sb, Accounts.name(twoBack), Accounts.password(twoBack)))
                                .as("the credential two generations old, after rotation " + (i + 1)).isFalse();
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
