package dev.rotator.worker;

import dev.rotator.worker.config.ConfigLoader;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.testing.TestTls;
import dev.rotator.worker.tls.LocalCaFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole worker, configured as an operator would: TLS from the environment, metrics on the same port. */
class WorkerTlsTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerConfiguredWithTlsServesProbesAndMetricsOverHttps() throws Exception {
        LocalCaFiles.Written files = TestTls.localhost(dir.resolve("tls"));
        WorkerConfig config = ConfigLoader.load(null, Map.of(
                "ROTATOR_DATA_DIR", dir.resolve("data").toString(),
                "ROTATOR_SERVER_PORT", "0",
                "ROTATOR_SERVER_TLS_CERT_FILE", files.serverCert().toString(),
                "ROTATOR_SERVER_TLS_KEY_FILE", files.serverKey().toString()));

        try (Worker worker = Worker.start(config)) {
            HttpClient client = TestTls.clientTrusting(files.caCert());
            String base = "https://127.0.0.1:" + worker.port();
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            worker.apiMetrics().record("ListSecrets", "OK");
            String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("# TYPE rotator_rotations_total counter",
                    "# TYPE rotator_rotation_step_seconds histogram",
                    "rotator_secrets{automatic_rotation=\"Enabled\"} 0",
                    "rotator_api_requests_total{action=\"ListSecrets\",code=\"OK\"} 1");
        }
    }

    @Test
    void aWorkerOnAllInterfacesWithoutTlsDoesNotStart() {
        WorkerConfig config = ConfigLoader.load(null, Map.of("ROTATOR_DATA_DIR", dir.resolve("data").toString(),
                "ROTATOR_SERVER_HOST", "0.0.0.0", "ROTATOR_SERVER_PORT", "0"));

        assertThatThrownBy(() -> Worker.start(config)).hasMessageContaining("server.allowPlaintextBeyondLoopback");
        assertThat(dir.resolve("data")).as("refused before the store is touched").doesNotExist();
    }

    @Test
    void theYamlFileTurnsTlsAndPlaintextPermissionOn() throws Exception {
        Path yaml = Files.writeString(dir.resolve("rotator.yaml"), """
                server:
                  host: 0.0.0.0
                  allowPlaintextBeyondLoopback: true
                  tls:
                    certFile: /etc/rotator/server.pem
                    keyFile: /etc/rotator/server-key.pem
                """);
        WorkerConfig.Server server = ConfigLoader.load(yaml, Map.of()).server();

        assertThat(server.allowPlaintextBeyondLoopback()).isTrue();
        assertThat(server.tls()).isEqualTo(new WorkerConfig.Tls("/etc/rotator/server.pem", "/etc/rotator/server-key.pem"));
        assertThat(ConfigLoader.load(null, Map.of()).server().tls().enabled()).isFalse();
        assertThat(ConfigLoader.load(null, Map.of("ROTATOR_SERVER_ALLOW_PLAINTEXT_BEYOND_LOOPBACK", "true")).server()
                .allowPlaintextBeyondLoopback()).isTrue();
    }
}
