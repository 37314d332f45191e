package dev.rotator.redis;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import redis.clients.jedis.DefaultJedisClientConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * A target's {@code tls} setting applied to a Jedis client: {@code disable} (plain TCP), {@code require} (encrypted,
 * any certificate, as libpq's sslmode=require) or {@code verify-full} (the certificate chains to {@code caFile}, or
 * the JVM's trust store, and names the host).
 */
final class RedisTls {
    private RedisTls() {
    }

    static void apply(DefaultJedisClientConfig.Builder builder, String tls, Optional<String> caFile, String targetId) {
        if (tls.equals("disable")) {
            return;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            SSLParameters parameters = new SSLParameters();
            if (tls.equals("verify-full")) {
                context.init(null, trustManagers(caFile), null);
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            } else {
                context.init(null, new TrustManager[]{new AnyCertificate()}, null);
            }
            builder.ssl(true).sslSocketFactory(context.getSocketFactory()).sslParameters(parameters);
        } catch (GeneralSecurityException | IOException e) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "targets." + targetId + ".caFile: cannot be read as "
                    + "PEM certificates (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static TrustManager[] trustManagers(Optional<String> caFile) throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile.isEmpty()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(caFile.get()))) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** tls=require: the channel is encrypted; who is at the other end is not checked (documented). */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
