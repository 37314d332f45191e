package dev.rotator.worker.api;

import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.metrics.MetricsRegistry;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up checks of the listening address and the TLS files: each refusal names the setting to fix. */
class HttpApiTlsConfigTest {
    @TempDir
    Path dir;

    private static HttpApi start(WorkerConfig.Server server) {
        return HttpApi.start(server, () -> true, () -> true, new MetricsRegistry(), null, null);
    }

    private static WorkerConfig.Server tls(String cert, String key) {
        return new WorkerConfig.Server("127.0.0.1", 0, new WorkerConfig.Tls(cert, key), false);
    }

    @Test
    void plainHttpBeyondLoopbackIsRefusedWithTheWaysToFixIt() {
        assertThatThrownBy(() -> start(new WorkerConfig.Server("0.0.0.0", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server.host '0.0.0.0'")
                .hasMessageContaining("server.tls.certFile")
                .hasMessageContaining("rotator tls init")
                .hasMessageContaining("server.allowPlaintextBeyondLoopback: true");
        assertThatThrownBy(() -> start(new WorkerConfig.Server("", 0))).hasMessageContaining("beyond loopback");
    }

    @Test
    void plainHttpBeyondLoopbackStartsWhenExplicitlyAllowed() throws Exception {
        try (HttpApi api = start(new WorkerConfig.Server("0.0.0.0", 0, WorkerConfig.Tls.NONE, true))) {
            assertThat(api.scheme()).isEqualTo("http");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void plainHttpOnLoopbackNeedsNothing() {
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            try (HttpApi api = start(new WorkerConfig.Server(host, 0))) {
                assertThat(api.port()).isPositive();
            }
        }
    }

    @Test
    void tlsBeyondLoopbackStarts() {
        LocalCaFiles.Written files = TestTls.localhost(dir);
        WorkerConfig.Server server = new WorkerConfig.Server("0.0.0.0", 0,
                new WorkerConfig.Tls(files.serverCert().toString(), files.serverKey().toString()), false);
        try (HttpApi api = start(server)) {
            assertThat(api.scheme()).isEqualTo("https");
        }
    }

    @Test
    void oneTlsFileWithoutTheOtherIsRefusedNamingTheMissingOne() {
        LocalCaFiles.Written files = TestTls.localhost(dir);
        assertThatThrownBy(() -> start(tls(files.serverCert().toString(), "")))
                .hasMessageStartingWith("server.tls.keyFile is empty");
        assertThatThrownBy(() -> start(tls("", files.serverKey().toString())))
                .hasMessageStartingWith("server.tls.certFile is empty");
    }

    @Test
    void missingOrUnreadableFilesAreRefusedNamingTheSetting() {
        LocalCaFiles.Written files = TestTls.localhost(dir);
        assertThatThrownBy(() -> start(tls(dir.resolve("nope.pem").toString(), files.serverKey().toString())))
                .hasMessageContaining("server.tls.certFile: " + dir.resolve("nope.pem") + " does not exist");
        assertThatThrownBy(() -> start(tls(files.serverCert().toString(), dir.toString())))
                .hasMessageStartingWith("server.tls.keyFile: " + dir + " cannot be read");
    }

    @Test
    void filesWithoutPemContentAreRefusedNamingTheSetting() throws Exception {
        LocalCaFiles.Written files = TestTls.localhost(dir);
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a pem file\n");
        assertThatThrownBy(() -> start(tls(junk.toString(), files.serverKey().toString())))
                .hasMessageStartingWith("server.tls.certFile: " + junk);
        // The certificate file holds no private key: a classic mix-up of the two settings.
        assertThatThrownBy(() -> start(tls(files.serverCert().toString(), files.serverCert().toString())))
                .hasMessageStartingWith("server.tls.keyFile: " + files.serverCert() + " holds no unencrypted PEM private key");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedWithoutShowingTheKey() throws Exception {
        LocalCaFiles.Written files = TestTls.localhost(dir.resolve("a"));
        LocalCaFiles.Written other = TestTls.localhost(dir.resolve("b"));
        String otherKey = Files.readString(other.serverKey());
        assertThatThrownBy(() -> start(tls(files.serverCert().toString(), other.serverKey().toString())))
                .hasMessageStartingWith("server.tls.keyFile: the private key in " + other.serverKey()
                        + " does not belong to the certificate in server.tls.certFile")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(otherKey.lines().skip(1).findFirst().orElseThrow()));
    }
}
