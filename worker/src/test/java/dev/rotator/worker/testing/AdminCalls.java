package dev.rotator.worker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/** /admin/v1 of a {@link RunningWorker} as an operator calls it: JSON over HTTP with an AccessKey (HTTP Basic). */
public final class AdminCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> endpoint;
    private final String keyId;
    private final String keySecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Calls with the worker's admin key. */
    public AdminCalls(RunningWorker worker) {
        this(worker, worker.adminId, worker.adminSecret);
    }

    /** Calls with another AccessKey of the worker. */
    public AdminCalls(RunningWorker worker, String keyId, String keySecret) {
        this(worker::endpoint, keyId, keySecret);
    }

    /** Calls to whichever worker {@code endpoint} names at the time ({@code host:port}, plain HTTP). */
    public AdminCalls(Supplier<String> endpoint, String keyId, String keySecret) {
        this.endpoint = endpoint;
        this.keyId = keyId;
        this.keySecret = keySecret;
    }

    /** An answer: its HTTP status and JSON body (the error shape's Code and Message on a refusal). */
    public record Answer(int status, JsonNode body) {
        public String code() {
            return body.path("Code").asText(null);
        }

        public String message() {
            return body.path("Message").asText(null);
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** POST of {@code body} written as JSON (a String is sent as it is). */
    public Answer post(String path, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    private Answer send(HttpRequest.Builder request) {
        String basic = Base64.getEncoder().encodeToString((keyId + ":" + keySecret)
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(request.header("Authorization", "Basic " + basic)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + endpoint.get() + "/admin/v1" + path);
    }
}
