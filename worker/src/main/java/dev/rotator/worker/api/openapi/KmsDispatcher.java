package dev.rotator.worker.api.openapi;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.api.openapi.RequestAuthenticator.Authenticated;
import dev.rotator.worker.auth.Access;
import dev.rotator.worker.auth.Authorizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One API request, start to end: authenticate, check Version and Action, ask the action what it
 * touches, authorize, run it, and shape the reply. Every reply carries a fresh RequestId; errors use
 * the Alibaba shape {@code {"RequestId","HostId","Code","Message","HttpStatus"}} with the code's status.
 */
public final class KmsDispatcher {
    public static final String VERSION = "2016-01-20";
    static final String INTERNAL_MESSAGE = "The request processing has failed due to some unknown error.";
    private static final Logger LOG = LoggerFactory.getLogger(KmsDispatcher.class);

    /**
     * What to send back. {@code action} is the action the request named (null when it was refused before
     * that was known); {@code errorCode} is null on success. Both are for logs and metrics.
     */
    public record Reply(int status, Map<String, Object> body, String action, String errorCode) {
        public String requestId() {
            return (String) body.get("RequestId");
        }
    }

    private final RequestAuthenticator authenticator;
    private final Authorizer authorizer;
    private final KmsActions actions;

    public KmsDispatcher(RequestAuthenticator authenticator, Authorizer authorizer, KmsActions actions) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.actions = actions;
    }

    public Reply dispatch(WireRequest request) {
        String requestId = newRequestId();
        String host = request.header("host");
        String actionName = null;
        try {
            Authenticated caller = authenticator.authenticate(request);
            actionName = caller.action();
            KmsAction action = action(caller);
            Access access = action.access(caller.params());
            authorizer.check(caller.principal(), action.name(), access);
            Map<String, Object> fields = action.handle(caller.params(), new Caller(caller.principal(), authorizer));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            fields.forEach((k, v) -> {
                if (!k.equals("RequestId")) {
                    body.put(k, v);
                }
            });
            LOG.debug("request {} {} by {}: 200", requestId, actionName, caller.principal().accessKeyId());
            return new Reply(200, body, actionName, null);
        } catch (RotatorException e) {
            return refuse(requestId, host, actionName, e);
        } catch (RuntimeException e) {
            return unexpected(requestId, host, actionName, e);
        }
    }

    /**
     * The 500 InternalFailure reply to a bug (an exception that is no RotatorException), with a generic message:
     * the exception's own may hold a value, so only its type and place are logged. Shared with /admin/v1.
     */
    public static Reply unexpected(String requestId, String host, String action, RuntimeException e) {
        StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        LOG.error("request {} {}: unexpected {} at {}", requestId, action, e.getClass().getName(), at);
        return error(requestId, host, action, ErrorCode.INTERNAL_FAILURE, INTERNAL_MESSAGE);
    }

    /** A refusal before a request could be read at all (body too large, a parameter given twice...). */
    public Reply refuse(String host, RotatorException e) {
        return refuse(newRequestId(), host, null, e);
    }

    private KmsAction action(Authenticated caller) {
        if (caller.action() == null || caller.action().isEmpty()) {
            throw RotatorException.missing("Action");
        }
        if (caller.version() == null || caller.version().isEmpty()) {
            throw RotatorException.missing("Version");
        }
        if (!VERSION.equals(caller.version())) {
            throw new RotatorException(ErrorCode.INVALID_VERSION,
                    "Specified parameter Version is not valid: this server speaks KMS " + VERSION + ".");
        }
        return actions.find(caller.action()).orElseThrow(() -> new RotatorException(ErrorCode.ACTION_NOT_FOUND,
                "Specified api is not found, please check your url and method."));
    }

    /** The Alibaba error reply to a refusal (internal failures get a generic message), logged. Shared with /admin/v1. */
    public static Reply refuse(String requestId, String host, String action, RotatorException e) {
        if (e.code().httpStatus() >= 500) {
            // RotatorException messages hold no values, by contract; the caller gets a generic one for internals.
            LOG.error("request {} {}: {} {}", requestId, action, e.code().code(), e.getMessage());
            String message = e.code() == ErrorCode.INTERNAL_FAILURE ? INTERNAL_MESSAGE : e.getMessage();
            return error(requestId, host, action, e.code(), message);
        }
        LOG.debug("request {} {}: {} {}", requestId, action, e.code().code(), e.getMessage());
        return error(requestId, host, action, e.code(), e.getMessage());
    }

    private static Reply error(String requestId, String host, String action, ErrorCode code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId);
        body.put("HostId", host == null ? "rotator" : host);
        body.put("Code", code.code());
        body.put("Message", message);
        body.put("HttpStatus", code.httpStatus());
        return new Reply(code.httpStatus(), body, action, code.code());
    }

    /**
     * Unique, not secret: UUID.randomUUID would draw on the JDK's one SecureRandom, a lock every request
     * queued on under load (docs/benchmarks.md).
     */
    public static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase(Locale.ROOT);
    }
}
