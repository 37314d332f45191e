package dev.rotator.worker.api;

import dev.rotator.worker.api.admin.AdminApi;
import dev.rotator.worker.api.openapi.KmsApi;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.metrics.MetricsRegistry;
import dev.rotator.worker.tls.PlaintextGuard;
import dev.rotator.worker.tls.ServerIdentity;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The worker's one HTTP server: {@code /healthz} (the worker is up: store and scheduler started),
 * {@code /readyz} (store and scheduler reachable right now), {@code /metrics} (Prometheus), the
 * KMS API on {@code /} and the operators' API under {@code /admin/v1/}. With {@code server.tls} set it speaks
 * HTTPS only; without it, it refuses a non-loopback host unless {@code server.allowPlaintextBeyondLoopback} is set.
 */
public final class HttpApi implements AutoCloseable {
    public static final int MAX_REQUEST_HEAD_BYTES = 256 * 1024;
    private final Server server;
    private final ServerConnector connector;
    private final boolean https;

    private HttpApi(Server server, ServerConnector connector, boolean https) {
        this.server = server;
        this.connector = connector;
        this.https = https;
    }

    /**
     * @param kms   the KMS API served on {@code /}, or null for none
     * @param admin the operators' API served under {@code /admin/v1/}, or null for none
     * @throws IllegalArgumentException bad TLS files or plain HTTP beyond loopback, naming the setting
     */
    public static HttpApi start(WorkerConfig.Server config, BooleanSupplier live, BooleanSupplier ready,
                                MetricsRegistry metrics, KmsApi kms, AdminApi admin) {
        String host = config.host();
        int port = config.port();
        ServerIdentity identity = checkSettings(config).orElse(null);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("http");
        Server server = new Server(threads);
        ServerConnector connector = connector(server, identity);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                switch (path) {
                    case "/healthz" -> probe(response, callback, live.getAsBoolean());
                    case "/readyz" -> probe(response, callback, ready.getAsBoolean());
                    case "/metrics" -> metrics(request, response, callback, metrics);
                    case "/" -> {
                        if (kms != null) {
                            kms.handle(request, response, callback);
                        } else {
                            notFound(response, callback);
                        }
                    }
                    default -> {
                        if (admin != null && path.startsWith(AdminApi.PREFIX)) {
                            admin.handle(request, response, callback);
                        } else {
                            notFound(response, callback);
                        }
                    }
                }
                return true;
            }
        });
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("HTTP server could not listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return new HttpApi(server, connector, identity != null);
    }

    /**
     * The start-up checks alone, so that the worker can refuse bad settings before it opens the store.
     *
     * @return the TLS identity when TLS is configured
     * @throws IllegalArgumentException bad TLS files or plain HTTP beyond loopback, naming the setting
     */
    public static Optional<ServerIdentity> checkSettings(WorkerConfig.Server config) {
        ServerIdentity identity = config.tls().enabled() ? loadIdentity(config.tls()) : null;
        PlaintextGuard.check(config.host(), identity != null, config.allowPlaintextBeyondLoopback());
        return Optional.ofNullable(identity);
    }

    private static ServerIdentity loadIdentity(WorkerConfig.Tls tls) {
        if (tls.certFile() == null || tls.certFile().isBlank()) {
            throw new IllegalArgumentException(ServerIdentity.CERT_SETTING + " is empty while "
                    + ServerIdentity.KEY_SETTING + " is set: give both PEM files, or neither for plain HTTP");
        }
        if (tls.keyFile() == null || tls.keyFile().isBlank()) {
            throw new IllegalArgumentException(ServerIdentity.KEY_SETTING + " is empty while "
                    + ServerIdentity.CERT_SETTING + " is set: give both PEM files, or neither for plain HTTP");
        }
        return ServerIdentity.load(Path.of(tls.certFile()), Path.of(tls.keyFile()));
    }

    /** HTTPS only when there is an identity: a plain request to that port fails its TLS handshake. */
    private static ServerConnector connector(Server server, ServerIdentity identity) {
        HttpConfiguration http = new HttpConfiguration();
        // API parameters travel in the query: a 30 KB SecretData is ~90 KB once percent-encoded.
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        http.setSendServerVersion(false);
        http.setHeaderCacheSize(0);
        // Secret names hold '/': /admin/v1/secrets/db%2Fapp/rotation must reach the admin API, which decodes it.
        http.setUriCompliance(UriCompliance.DEFAULT.with("rotator-admin",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        if (identity == null) {
            return new ServerConnector(server, new HttpConnectionFactory(http));
        }
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // One certificate for every name: clients reaching us by IP send no SNI, and that is fine.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity.keyStore());
        ssl.setKeyStorePassword(identity.keyStorePassword());
        return new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
    }

    private static void metrics(Request request, Response response, Callback callback, MetricsRegistry metrics) {
        if (!"GET".equals(request.getMethod())) {
            json(response, callback, 405, "{\"Code\":\"MethodNotAllowed\",\"Message\":\"use GET for /metrics\"}");
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MetricsRegistry.CONTENT_TYPE);
        Content.Sink.write(response, true, metrics.scrape(), callback);
    }

    private static void notFound(Response response, Callback callback) {
        json(response, callback, 404, "{\"Code\":\"NotFound\",\"Message\":\"no such path\"}");
    }

    private static void probe(Response response, Callback callback, boolean ok) {
        json(response, callback, ok ? 200 : 503, ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}");
    }

    private static void json(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** "https" when a certificate is configured, else "http". */
    public String scheme() {
        return https ? "https" : "http";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("HTTP server did not stop: " + e.getMessage(), e);
        }
    }
}
