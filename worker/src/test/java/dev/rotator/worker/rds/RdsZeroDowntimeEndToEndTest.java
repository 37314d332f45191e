package dev.rotator.worker.rds;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueResponseBody;
import dev.rotator.worker.rds.RdsWorker.Sandbox;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zero downtime through the worker: while 20 rotations of a DoubleUsers secret run (RotateSecret through the
 * SDK), 16 application threads keep reading the secret with GetSecretValue through the SDK and opening new
 * connections with what they read, and not one login fails. After each rotation the value two generations old is
 * refused.
 *
 * <p>As in rotator-rds's ZeroDowntimeTest, the next rotation starts once every client has read the value the last
 * one made current: a client must re-read between two rotations (an application does within a rotation interval),
 * since the rotation after next resets the login it holds.
 */
class RdsZeroDowntimeEndToEndTest {
    private static final int CLIENTS = 16;
    private static final int ROTATIONS = 20;

    @ParameterizedTest
    @EnumSource(RdsServer.class)
    void applicationsReadingTheSecretNeverSeeAFailedLoginWhileItRotates(RdsServer server) throws Exception {
        try (RdsWorker w = RdsWorker.start(server)) {
            Sandbox sb = w.on(server);
            String name = "rds-e2e/zero-downtime-" + RdsWorker.unique();
            w.create(name, "$Auto", Map.of("SecretSubType", "DoubleUsers", "DBInstanceId", sb.targetId,
                    "AccountName", sb.account("zd"), "AccountPrivilege", "ReadWrite", "DBNames", List.of(sb.database)));

            AtomicReferenceArray<String> seen = new AtomicReferenceArray<>(CLIENTS); // the version each client read last
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger logins = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                Client sdk = w.client();
                clients.add(pool.submit(() -> {
                    while (!done.get()) {
                        GetSecretValueResponseBody read;
                        try {
                            read = RdsWorker.read(sdk, name, null);
                        } catch (Exception e) {
                            failures.add("GetSecretValue: " + e.getMessage());
                            continue;
                        }
                        seen.set(client, read.getVersionId());
                        Login login = Login.of(read.getSecretData());
                        try (Connection c = server.connect(sb.database, login.name(), login.password());
                             Statement st = c.createStatement()) {
                            st.execute("SELECT 1");
                            logins.incrementAndGet();
                        } catch (Exception e) {
                            failures.add("version " + read.getVersionId() + ", " + login.name() + ": " + e.getMessage());
                        }
                    }
                }));
            }
            List<Login> history = new ArrayList<>();
            history.add(w.current(name));
            try {
                awaitEveryClientAt(seen, "v0");
                for (int i = 1; i <= ROTATIONS; i++) {
                    String version = w.rotate(name);
                    history.add(w.current(name));
                    if (i >= 2) {
                        assertThat(server.logsIn(sb.database, history.get(i - 2)))
                                .as("the value two generations old, after rotation " + i).isFalse();
                    }
                    awaitEveryClientAt(seen, version);
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

    private static void awaitEveryClientAt(AtomicReferenceArray<String> seen, String version) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; i < seen.length(); i++) {
            while (!version.equals(seen.get(i))) {
                assertThat(System.nanoTime()).as("client " + i + " reads version " + version).isLessThan(deadline);
                Thread.sleep(1);
            }
        }
    }
}
