package dev.rotator.worker.testing;

import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.tls.LocalCaFiles;
import dev.rotator.worker.tls.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

/** TLS for tests: a fresh local CA and server certificate, and clients that trust a given CA only. */
public final class TestTls {
    private TestTls() {
    }

    /** A CA and a server certificate for IP 127.0.0.1 and DNS localhost, written under {@code dir}. */
    public static LocalCaFiles.Written localhost(Path dir) {
        return LocalCaFiles.create(dir, List.of("127.0.0.1"), List.of("localhost"), 30, false);
    }

    /** Server settings that serve these files over HTTPS on 127.0.0.1 and a free port. */
    public static WorkerConfig.Server httpsOnLoopback(LocalCaFiles.Written files) {
        return new WorkerConfig.Server("127.0.0.1", 0,
                new WorkerConfig.Tls(files.serverCert().toString(), files.serverKey().toString()), false);
    }

    /** A JDK HTTP client whose only trusted certificate is the CA in {@code caPem}. */
    public static HttpClient clientTrusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificates(Files.readString(caPem)).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
