package dev.rotator.worker.cli;

import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.testing.DeclaredTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rotator target list} against a worker started from a configuration file with one target of each kind. */
class TargetListCommandTest {

    @Test
    void listsTheTargetsOfTheConfigurationFileInItsOrder(@TempDir Path dir) throws Exception {
        try (Worker worker = DeclaredTargets.start(dir, Map.of())) {
            CliRun r = CliRun.run("target", "list", "--endpoint", "http://127.0.0.1:" + worker.port(),
                    "--key-file", dir.resolve(AdminKeyFile.FILE_NAME).toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out().lines().map(line -> line.split(" +", 3)[0] + " " + line.split(" +", 3)[1]))
                    .containsExactly("ID KIND", "db1 rds", "pc-billing polardb", "r-sessions redis", "i-web-1 ecs",
                            "app-deployer ram");
            assertThat(r.out()).contains("adminSecret=targets/db1/admin engine=mysql host=127.0.0.1 port=3306 "
                    + "tls=disable\n").contains("nodes=10.0.0.7:6379,10.0.0.8:6379");
        }
    }
}
