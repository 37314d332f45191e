package dev.rotator.worker.api;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.metrics.MetricsRegistry;
import dev.rotator.worker.testing.TestTls;
import dev.rotator.worker.tls.LocalCaFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS as the official SDK sees it: its config.ca holding the PEM text of the CA that
 * {@code rotator tls init} made is all a client needs, exactly as with a KMS instance's CA.
 */
class HttpsSdkTest {
    /**
     * The SDK caches one OkHttp client per host:port and timeouts, whatever the CA: a distinct read
     * timeout per client keeps one test's trust from leaking into another's.
     */
    private static final AtomicInteger DISTINCT_TIMEOUT = new AtomicInteger(20_000);

    @TempDir
    Path dir;
    private LocalCaFiles.Written files;
    private HttpApi api;

    @BeforeEach
    void start() {
        files = TestTls.localhost(dir.resolve("tls"));
        api = HttpApi.start(TestTls.httpsOnLoopback(files), () -> true, () -> true, new MetricsRegistry(), null,
                null);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static Client sdk(String endpoint, String caPem) throws Exception {
        Config config = new Config().setAccessKeyId("LTAI-test").setAccessKeySecret("not-a-real-secret")
                .setEndpoint(endpoint).setProtocol("HTTPS").setRegionId("cn-hangzhou")
                .setReadTimeout(DISTINCT_TIMEOUT.incrementAndGet()).setConnectTimeout(5_000);
        if (caPem != null) {
            config.setCa(caPem);
        }
        return new Client(config);
    }

    private static boolean hasSslCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theSdkTrustingTheGeneratedCaGetsAnAnswerFromTheServer() throws Exception {
        Client client = sdk("127.0.0.1:" + api.port(), Files.readString(files.caCert()));

        // No KMS action is served on this server alone: any 4xx answer in JSON proves TLS and trust worked.
        assertThatThrownBy(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("db/app")))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getStatusCode()).isBetween(400, 499));
    }

    @Test
    void theSdkWithAnotherCaFailsTheHandshake() throws Exception {
        LocalCaFiles.Written other = TestTls.localhost(dir.resolve("other"));
        Client client = sdk("127.0.0.1:" + api.port(), Files.readString(other.caCert()));

        assertThatThrownBy(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("db/app")))
                .satisfies(e -> assertThat(hasSslCause(e)).as("SSL failure in %s", e).isTrue())
                .hasStackTraceContaining("PKIX path");
    }

    @Test
    void theSdkWithTheSystemTrustStoreFailsTheHandshake() throws Exception {
        Client client = sdk("127.0.0.1:" + api.port(), null);

        assertThatThrownBy(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("db/app")))
                .satisfies(e -> assertThat(hasSslCause(e)).as("SSL failure in %s", e).isTrue());
    }

    @Test
    void aCertificateWithoutTheEndpointsAddressFailsHostnameVerification() throws Exception {
        LocalCaFiles.Written dnsOnly = LocalCaFiles.create(dir.resolve("dns"), List.of(), List.of("localhost"), 30, false);
        try (HttpApi dnsApi = HttpApi.start(TestTls.httpsOnLoopback(dnsOnly), () -> true, () -> true,
                new MetricsRegistry(), null, null)) {
            Client client = sdk("127.0.0.1:" + dnsApi.port(), Files.readString(dnsOnly.caCert()));

            assertThatThrownBy(() -> client.getSecretValue(new GetSecretValueRequest().setSecretName("db/app")))
                    .hasStackTraceContaining("127.0.0.1 not verified");
        }
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoAnswer() {
        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/healthz")).build();

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theProbesAnswerOverHttpsToAClientTrustingTheCa() throws Exception {
        HttpResponse<String> r = TestTls.clientTrusting(files.caCert()).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + api.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ok");
    }
}
