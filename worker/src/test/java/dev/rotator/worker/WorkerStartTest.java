package dev.rotator.worker;

import dev.rotator.core.Secret;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A start that fails part-way leaves nothing running: the next start on the same data directory just works. */
class WorkerStartTest {
    @TempDir
    Path dataDir;

    private WorkerConfig config(int port) {
        WorkerConfig d = WorkerConfig.defaults();
        return new WorkerConfig(dataDir.toString(), new WorkerConfig.Server("127.0.0.1", port), d.store(),
                d.scheduler(), d.rotation(), new WorkerConfig.Shutdown("0s"));
    }

    @Test
    void aStartWhosePortIsTakenFailsNamingItAndReleasesTheDatabaseAndScheduler() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Worker.start(config(taken.getLocalPort())))
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }

        // H2 holds a file lock on its database while it is open; taking it ourselves proves it was closed.
        try (FileChannel file = FileChannel.open(dataDir.resolve("rotator.mv.db"), StandardOpenOption.WRITE);
             FileLock lock = file.tryLock()) {
            assertThat(lock).as("H2 file lock").isNotNull();
        }

        try (Worker second = Worker.start(config(0))) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            // Storing a secret goes through the scheduler's own database access: a scheduler left over from the
            // failed start (Quartz shares one per name in a JVM) would still point at the closed pool.
            Secret s = second.secrets().create(new NewSecretRequest("app/config", null, utf8("hello"), null, "Generic",
                    null, null, false, null, null, null));
            assertThat(second.store().find(s.name())).isPresent();
            assertThat(second.scheduler().isRunning()).isTrue();
        }
    }

    @Test
    void aFailedStartStopsWhatItHadStarted() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WorkerConfig d = WorkerConfig.defaults();
            WorkerConfig config = new WorkerConfig(dataDir.toString(),
                    new WorkerConfig.Server("127.0.0.1", taken.getLocalPort()), d.store(), d.scheduler(), d.rotation(),
                    d.shutdown());

            assertThatThrownBy(() -> Worker.start(config))
                    .hasMessageStartingWith("HTTP server could not listen on 127.0.0.1:" + taken.getLocalPort());
        }
        // Non-daemon threads left behind (Quartz's, Jetty's) would keep an embedding JVM from exiting.
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .map(Thread::getName).sorted().collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(left).as("non-daemon threads left by the failed start").isEmpty();
    }
}
