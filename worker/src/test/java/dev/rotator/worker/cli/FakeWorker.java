package dev.rotator.worker.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rotator.worker.tls.LocalCaFiles;
import dev.rotator.worker.tls.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the worker's HTTP API, for testing the CLI alone: POST / answers KMS actions (by the
 * SDK's x-acs-action header) with canned JSON, /admin/v1 paths answer through handlers, and every
 * request is recorded. It checks no signature: what the CLI sends is what the tests look at.
 */
final class FakeWorker implements AutoCloseable {
    /** One request as received; {@code path} is raw (still percent-encoded). */
    record Call(String method, String path, String rawQuery, String action, Map<String, String> params,
                String authorization, String body) {
    }

    record Reply(int status, String json) {
        static Reply ok(String json) {
            return new Reply(200, json);
        }

        static Reply error(int status, String code, String message) {
            return new Reply(status, "{\"RequestId\":\"req-1\",\"HttpStatus\":" + status + ",\"Code\":\"" + code
                    + "\",\"Message\":\"" + message + "\"}");
        }
    }

    private final HttpServer server;
    private final boolean https;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Call, Reply>> kms = new ConcurrentHashMap<>();
    private final Map<String, Function<Call, Reply>> admin = new ConcurrentHashMap<>();

    private FakeWorker(HttpServer server, boolean https) {
        this.server = server;
        this.https = https;
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeWorker http() throws IOException {
        return new FakeWorker(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), false);
    }

    /** Over HTTPS with the server certificate of {@code files} (signed by their CA). */
    static FakeWorker https(LocalCaFiles.Written files) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        List<java.security.cert.X509Certificate> chain = Pem.readCertificates(Files.readString(files.serverCert()));
        ks.setKeyEntry("server", Pem.readPrivateKey(Files.readString(files.serverKey())).orElseThrow(),
                "pw".toCharArray(), chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new FakeWorker(server, true);
    }

    /** The answer to a KMS action. */
    FakeWorker kms(String action, Reply reply) {
        return kms(action, call -> reply);
    }

    FakeWorker kms(String action, Function<Call, Reply> reply) {
        kms.put(action, reply);
        return this;
    }

    /** The answer to {@code METHOD /admin/v1/...} (raw path, no query). */
    FakeWorker admin(String method, String rawPath, Function<Call, Reply> reply) {
        admin.put(method + " " + rawPath, reply);
        return this;
    }

    String endpoint() {
        return (https ? "https://" : "") + "127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The KMS requests with this action, in order. */
    List<Call> kmsCalls(String action) {
        return calls.stream().filter(c -> action.equals(c.action())).toList();
    }

    List<Call> adminCalls() {
        return calls.stream().filter(c -> c.path().startsWith("/admin/v1/")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String action = exchange.getRequestHeaders().getFirst("x-acs-action");
        Call call = new Call(exchange.getRequestMethod(), path, rawQuery, action, params(rawQuery),
                exchange.getRequestHeaders().getFirst("Authorization"), body);
        calls.add(call);
        Reply reply;
        if ("/".equals(path) && action != null) {
            Function<Call, Reply> r = kms.get(action);
            reply = r != null ? r.apply(call)
                    : Reply.error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
        } else {
            Function<Call, Reply> r = admin.get(exchange.getRequestMethod() + " " + path);
            reply = r != null ? r.apply(call) : new Reply(404, "<html>no such path</html>");
        }
        byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
