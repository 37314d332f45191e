package dev.rotator.worker.api.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.engine.RotationEngine;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.SecretStore;
import dev.rotator.worker.api.openapi.KmsDispatcher;
import dev.rotator.worker.api.openapi.KmsDispatcher.Reply;
import dev.rotator.worker.auth.AccessKeyStore;
import dev.rotator.worker.auth.Authorizer;
import dev.rotator.worker.auth.Principal;
import dev.rotator.worker.metrics.ApiMetrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code /admin/v1}, the operators' JSON API (docs: the ADMIN-API contract): authenticate (HTTP Basic), find the
 * action from the method and path, authorize, run it, and answer JSON. Errors are the KMS API's
 * {@code {"RequestId","HostId","Code","Message","HttpStatus"}}; a 401 carries {@code WWW-Authenticate}.
 */
public final class AdminApi {
    public static final String PREFIX = "/admin/v1/";
    /** Admin bodies are a few small fields, or a batch of secrets' settings (no values). */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BasicAuthenticator authenticator;
    private final AdminAccess access;
    private final TargetsResource targets;
    private final BulkSecretsResource bulkSecrets;
    private final RotationStateResource rotationState;
    private final EventsResource events;
    private final RotateResource rotate;
    private final DryRunResource dryRun;
    private final AccessKeysResource accessKeys;
    private final ApiMetrics metrics;

    /** @param metrics where each answered request is counted, by its action name and result code */
    public AdminApi(AccessKeyStore keys, Authorizer authorizer, SecretService secrets, RotationEngine engine,
                    SecretStore store, TargetDirectory targets, Clock clock, ApiMetrics metrics) {
        this.metrics = metrics;
        this.authenticator = new BasicAuthenticator(keys::credential);
        this.access = new AdminAccess(authorizer);
        this.targets = new TargetsResource(targets);
        this.bulkSecrets = new BulkSecretsResource(secrets, targets);
        this.rotationState = new RotationStateResource(secrets, store, clock);
        this.events = new EventsResource(store);
        this.rotate = new RotateResource(secrets);
        this.dryRun = new DryRunResource(secrets, engine);
        this.accessKeys = new AccessKeysResource(keys);
    }

    /** Handles a request whose path starts with {@link #PREFIX}. Blocks the calling (Jetty pool) thread. */
    public void handle(Request request, Response response, Callback callback) {
        // The body is read before anything is answered, refusals included: a connection closed on unread bytes
        // may be reset, and the client then loses the answer. At most MAX_BODY_BYTES are held.
        byte[] body = null;
        RotatorException badBody = null;
        try {
            body = body(request);
        } catch (RotatorException e) {
            badBody = e;
        }
        Reply reply = answer(request, body, badBody);
        metrics.record(reply.action(), reply.errorCode() == null ? ApiMetrics.OK : reply.errorCode());
        if (badBody != null) {
            // The rest of an oversized body is still on its way: this connection cannot carry another request.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        write(response, callback, reply);
    }

    private Reply answer(Request request, byte[] body, RotatorException badBody) {
        String requestId = KmsDispatcher.newRequestId();
        String host = request.getHeaders().get(HttpHeader.HOST);
        AdminPath path = null;
        try {
            Principal caller = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            path = AdminPath.match(request.getMethod(), request.getHttpURI().getPath());
            if (badBody != null) {
                throw badBody;
            }
            AdminReply answer = run(path, caller, request, body);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("RequestId", requestId);
            fields.putAll(answer.body());
            return new Reply(answer.status(), fields, path.action(), null);
        } catch (RotatorException e) {
            return KmsDispatcher.refuse(requestId, host, path == null ? null : path.action(), e);
        } catch (RuntimeException e) {
            return KmsDispatcher.unexpected(requestId, host, path == null ? null : path.action(), e);
        }
    }

    private AdminReply run(AdminPath path, Principal caller, Request http, byte[] body) {
        switch (path.route()) {
            case ROTATION_STATE, EVENTS -> access.requireRead(caller, path.subject());
            default -> access.requireAdmin(caller, path.action());
        }
        AdminRequest request = new AdminRequest(caller, path.subject(), query(http), body);
        return switch (path.route()) {
            case TARGETS -> targets.list(request);
            case CREATE_BULK_SECRETS -> bulkSecrets.create(request);
            case ROTATION_STATE -> rotationState.get(request);
            case EVENTS -> events.list(request);
            case ROTATE -> rotate.rotate(request);
            case DRY_RUN -> dryRun.dryRun(request);
            case LIST_ACCESS_KEYS -> accessKeys.list(request);
            case CREATE_ACCESS_KEY -> accessKeys.create(request);
            case DISABLE_ACCESS_KEY -> accessKeys.disable(request);
        };
    }

    /** Query parameters, percent-decoded; one given twice is refused rather than one of its values picked. */
    private static Map<String, String> query(Request request) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request);
        } catch (RuntimeException badEncoding) {
            throw RotatorException.invalid("query", "is not validly percent-encoded UTF-8");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            if (field.getValues().size() > 1) {
                throw RotatorException.invalid(JsonBody.quotable(field.getName()) ? field.getName() : "query",
                        "given more than once");
            }
            out.put(field.getName(), field.getValue());
        }
        return out;
    }

    private static byte[] body(Request request) {
        try {
            return Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "interrupted while reading the request body");
        } catch (ExecutionException e) {
            throw RotatorException.invalid(JsonBody.FIELD, "at most " + MAX_BODY_BYTES + " bytes of JSON");
        }
    }

    private static void write(Response response, Callback callback, Reply reply) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            LOG.error("request {}: the answer of {} could not be written as JSON", reply.requestId(), reply.action());
            callback.failed(e);
            return;
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put("x-acs-request-id", reply.requestId());
        // An answer may hold a new AccessKeySecret: no cache keeps it.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (reply.status() == ErrorCode.UNAUTHENTICATED.httpStatus()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, BasicAuthenticator.CHALLENGE);
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
