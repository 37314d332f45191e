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
}
