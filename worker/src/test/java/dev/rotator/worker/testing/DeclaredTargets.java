package dev.rotator.worker.testing;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.worker.Worker;
import dev.rotator.worker.config.ConfigLoader;
import dev.rotator.worker.config.ConfigLoader.Setting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A worker started as {@code rotator serve --config rotator.yaml} would be, from a file that declares one target
 * of each kind ({@link #YAML}); a fresh data directory and a free port on loopback.
 */
public final class DeclaredTargets {
    public static final String YAML = """
            targets:
              - id: db1
                kind: rds
                engine: mysql
                host: 127.0.0.1
                port: 3306
                tls: disable
                adminSecret: targets/db1/admin
              - id: pc-billing
                kind: polardb
                engine: postgresql
                host: billing.cluster.internal
                adminSecret: targets/pc-billing/admin
              - id: r-sessions
                kind: redis
                nodes: ["10.0.0.7:6379", "10.0.0.8:6379"]
                adminSecret: targets/r-sessions/admin
                aclPersistence: aclfile
              - id: i-web-1
                kind: ecs
                host: web-1.internal
                knownHosts: "web-1.internal ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
                adminSecret: targets/i-web-1/admin
              - id: app-deployer
                kind: ram
                adminSecret: targets/ram/admin
            """;

    private DeclaredTargets() {
    }

    public static Worker start(Path dataDir, Map<SecretType, Rotator> overrides) throws IOException {
        Path file = Files.writeString(Files.createDirectories(dataDir).resolve("rotator.yaml"), YAML);
        return Worker.start(ConfigLoader.load(file, Map.of(), List.of(
                new Setting("dataDir", dataDir.toString(), "--data-dir"), new Setting("server.port", "0", "--port"))),
                overrides);
    }
}
