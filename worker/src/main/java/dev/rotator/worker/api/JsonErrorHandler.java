package dev.rotator.worker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Errors Jetty answers itself (a request line or headers too large or malformed, a handler failure)
 * in the Alibaba JSON error shape, so SDK clients get a TeaException / ClientException, not an HTML page.
 * The reason Jetty gives is replaced by a fixed text: it may quote the request.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.write(true, ByteBuffer.wrap(body(status)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
        body.put("HostId", "rotator");
        body.put("Code", status >= 500 ? "InternalFailure" : status == 404 ? "InvalidAction.NotFound" : "InvalidParameter");
        body.put("Message", status >= 500 ? "The request processing has failed due to some unknown error."
                : status == 431 || status == 414 ? "The request line and headers are larger than "
                        + HttpApi.MAX_REQUEST_HEAD_BYTES + " bytes."
                : "The request is malformed (HTTP " + status + ").");
        body.put("HttpStatus", status);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body of strings is always serialisable", e);
        }
    }
}
