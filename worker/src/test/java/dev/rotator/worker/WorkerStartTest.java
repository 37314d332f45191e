package dev.rotator.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotator.worker.config.WorkerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerStartTest {
    @TempDir
    Path dataDir;

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
