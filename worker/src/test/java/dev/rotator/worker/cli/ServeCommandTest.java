package dev.rotator.worker.cli;

import dev.rotator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code rotator serve}: flags win over the environment, which wins over the file, which wins over the defaults. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private WorkerConfig configuration(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.configuration(env);
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        String file = Files.writeString(dir.resolve("rotator.yaml"), """
                dataDir: /from/file
                server:
                  host: 10.0.0.1
                  port: 9100
                store:
                  poolSize: 5
                """).toString();
        Map<String, String> env = Map.of("ROTATOR_DATA_DIR", "/from/env", "ROTATOR_SERVER_PORT", "9200",
                "ROTATOR_SERVER_HOST", "0.0.0.0");

        WorkerConfig fileOnly = configuration(Map.of(), "--config", file);
        assertThat(fileOnly.dataDir()).isEqualTo("/from/file");
        assertThat(fileOnly.server()).isEqualTo(new WorkerConfig.Server("10.0.0.1", 9100));

        WorkerConfig withEnv = configuration(env, "--config", file);
        assertThat(withEnv.dataDir()).isEqualTo("/from/env");
        assertThat(withEnv.server()).isEqualTo(new WorkerConfig.Server("0.0.0.0", 9200));

        WorkerConfig withFlags = configuration(env, "--config", file, "--port", "9300", "--data-dir", "/from/flag");
        assertThat(withFlags.dataDir()).isEqualTo("/from/flag");
        assertThat(withFlags.server()).isEqualTo(new WorkerConfig.Server("0.0.0.0", 9300));
        assertThat(withFlags.store().poolSize()).isEqualTo(5);

        assertThat(configuration(Map.of())).isEqualTo(WorkerConfig.defaults());
    }

    @Test
    void aBadFlagIsRefusedNamingIt() {
        assertThatThrownBy(() -> configuration(Map.of(), "--port", "70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server.port (from --port) must be between 0 and 65535");
    }

    @Test
    @Timeout(60) // a regression would start a worker and wait for a signal
    void serveExitsWithStatus1OnABadConfiguration() {
        assertThat(new CommandLine(new Main()).execute("serve", "--port", "70000",
                "--data-dir", dir.resolve("data").toString())).isEqualTo(1);
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
