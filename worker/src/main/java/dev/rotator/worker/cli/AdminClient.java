package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.worker.tls.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The worker's /admin/v1 JSON API (docs: /admin/v1 in docs/cli.md), over java.net.http with HTTP Basic
 * authentication by the same AccessKey the SDK signs with.
 */
final class AdminClient {
    static final String BASE = "/admin/v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Endpoint endpoint;
    private final String authorization;
    private final HttpClient http;

    AdminClient(Endpoint endpoint, Credentials credentials) {
        this.endpoint = endpoint;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.accessKeyId() + ":" + credentials.accessKeySecret()).getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (endpoint.caPem() != null) {
            builder.sslContext(trusting(endpoint.caPem()));
        }
        this.http = builder.build();
    }

    /** GET of a path under /admin/v1 (already percent-encoded, query included). */
    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    /** POST of a JSON body (null: none) to a path under /admin/v1. */
    JsonNode post(String path, Object body) {
        byte[] json;
        try {
            json = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("request body cannot be written as JSON", e);
        }
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    /**
     * A secret name as a path: every character but the unreserved ones percent-encoded, except '/',
     * which secret names may hold and the API takes literally.
     */
    static String pathOf(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(endpoint.url() + BASE + path)).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Failures.unreachable(endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.OTHER, "interrupted");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status / 100 == 2) {
            if (body == null) {
                throw new CliException(ExitCode.OTHER, "the worker at " + endpoint.url() + " answered " + request.uri().getPath()
                        + " with something other than JSON");
            }
            return body;
        }
        if (body != null && body.hasNonNull("Code")) {
            throw new ApiException(body.get("Code").asText(), body.path("Message").asText(""), status);
        }
        // Not the API's error shape: a worker without /admin/v1, or a proxy in the way.
        if (status == 401) {
            throw new ApiException("Unauthorized", "the worker at " + endpoint.url() + " did not accept the AccessKey", status);
        }
        throw new CliException(ExitCode.OTHER, "the worker at " + endpoint.url() + (status == 404
                ? " does not serve " + request.method() + " " + request.uri().getPath() + " (is it older than this CLI?)"
                : " answered HTTP " + status + " to " + request.method() + " " + request.uri().getPath()));
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** An SSL context whose only trust anchors are the given CA certificates, as the SDK's config.ca does. */
    private static SSLContext trusting(String caPem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> certs = Pem.readCertificates(caPem);
            for (int i = 0; i < certs.size(); i++) {
                trust.setCertificateEntry("ca" + i, certs.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new CliException(ExitCode.USAGE, "--ca cannot be used as a trust store: " + e.getMessage());
        }
    }
}
