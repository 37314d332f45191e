package dev.rotator.worker.api.openapi;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.metrics.ApiMetrics;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * The KMS API on Jetty: {@code POST /} (and {@code GET /}) with the parameters in the query, as the
 * official SDKs send it. Reads the request (a chunked empty body included), hands it to the
 * {@link KmsDispatcher} and writes its reply as JSON.
 */
public final class KmsApi {
    /** The SDKs send no body; a form body is accepted, up to this size. Parameters are in the query. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    private static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final KmsDispatcher dispatcher;
    private final BiConsumer<String, String> answered;

    /** Counts nothing: for tests of the request layer. */
    public KmsApi(KmsDispatcher dispatcher) {
        this(dispatcher, (action, code) -> { });
    }

    /**
     * @param answered told of every answered request: the Action as received (null if it was not read) and
     *                 "OK" or the error code answered; the worker passes {@code ApiMetrics::record}
     */
    public KmsApi(KmsDispatcher dispatcher, BiConsumer<String, String> answered) {
        this.dispatcher = dispatcher;
        this.answered = answered;
    }

    /** Handles a request to {@code /}. Blocks the calling thread (a Jetty pool thread) while reading the body. */
    public void handle(Request request, Response response, Callback callback) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        KmsDispatcher.Reply reply;
        try {
            String method = request.getMethod();
            if (!method.equals("POST") && !method.equals("GET")) {
                throw new RotatorException(ErrorCode.ACTION_NOT_FOUND,
                        "Specified api is not found, please check your url and method.");
            }
            byte[] body = readBody(request);
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (HttpField field : request.getHeaders()) {
                headers.add(new AbstractMap.SimpleImmutableEntry<>(field.getName(), field.getValue()));
            }
            reply = dispatcher.dispatch(WireRequest.of(method, request.getHttpURI().getQuery(), headers, body));
        } catch (RotatorException e) {
            reply = dispatcher.refuse(host, e);
        }
        write(response, callback, host, reply);
    }

    private static byte[] readBody(Request request) {
        try {
            return Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "interrupted while reading the request body");
        } catch (ExecutionException e) {
            throw RotatorException.invalid("request body", "at most " + MAX_BODY_BYTES
                    + " bytes, sent in full (the parameters go in the query)");
        }
    }

    private void write(Response response, Callback callback, String host, KmsDispatcher.Reply reply) {
        byte[] bytes;
        try {
            bytes = ReplyJson.write(reply.body());
        } catch (UncheckedIOException e) {
            reply = dispatcher.refuse(host, new RotatorException(ErrorCode.INTERNAL_FAILURE,
                    "the reply of " + reply.action() + " could not be written as JSON"));
            bytes = ReplyJson.write(reply.body()); // an error body of strings always writes
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put("x-acs-request-id", reply.requestId());
        response.write(true, ByteBuffer.wrap(bytes), callback);
        answered.accept(reply.action(), reply.errorCode() == null ? ApiMetrics.OK : reply.errorCode());
    }
}
