package dev.rotator.worker.api;

import dev.rotator.worker.api.openapi.KmsApi;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The worker's one HTTP server: {@code /healthz} (the worker is up: store and scheduler started),
 * {@code /readyz} (store and scheduler reachable right now) and the KMS API on {@code /}.
 */
public final class HttpApi implements AutoCloseable {
    public static final int MAX_REQUEST_HEAD_BYTES = 256 * 1024;
    private final Server server;
    private final ServerConnector connector;

    private HttpApi(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static HttpApi start(String host, int port, BooleanSupplier live, BooleanSupplier ready) {
        return start(host, port, live, ready, null);
    }

    /** @param kms the KMS API served on {@code /}, or null for none */
    public static HttpApi start(String host, int port, BooleanSupplier live, BooleanSupplier ready, KmsApi kms) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // API parameters travel in the query: a 30 KB SecretData is ~90 KB once percent-encoded.
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
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
                    case "/" -> {
                        if (kms != null) {
                            kms.handle(request, response, callback);
                        } else {
                            notFound(response, callback);
                        }
                    }
                    default -> notFound(response, callback);
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
        return new HttpApi(server, connector);
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

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("HTTP server did not stop: " + e.getMessage(), e);
        }
    }
}
