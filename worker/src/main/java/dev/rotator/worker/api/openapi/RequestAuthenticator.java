package dev.rotator.worker.api.openapi;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.auth.AccessKeyStore.Credential;
import dev.rotator.worker.auth.NonceCache;
import dev.rotator.worker.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who sent a request, proven: the V3 signature (Authorization header, openapi-wire.md §3) or the RPC
 * signature (query, §4.1 and docs/wire-classic-sdk.md). Checks, in order: the signature fields are
 * complete, the AccessKey exists and is enabled, the timestamp is within {@link #MAX_SKEW}, the body
 * matches its hash (V3), the signature matches (constant-time), and the nonce is new. Any failure is
 * a RotatorException with the gateway's code, and no action runs.
 */
public final class RequestAuthenticator {
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /** The RPC parameters that belong to the protocol, not to the action. */
    private static final Set<String> RPC_PROTOCOL_PARAMETERS = Set.of("Action", "Version", "Format", "AccessKeyId",
            "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "SignatureType", "Timestamp",
            "SecurityToken");
    private static final int MAX_NONCE_LENGTH = 256;

    /** An authenticated request: who, which action and version it names, and the action's parameters. */
    public record Authenticated(Principal principal, String action, String version, Params params) {
    }

    private final Function<String, Optional<Credential>> credentials;
    private final NonceCache nonces;
    private final Clock clock;

    /** @param credentials an AccessKey's credential by id, e.g. {@code accessKeyStore::credential} */
    public RequestAuthenticator(Function<String, Optional<Credential>> credentials, NonceCache nonces, Clock clock) {
        this.credentials = credentials;
        this.nonces = nonces;
        this.clock = clock;
    }

    public Authenticated authenticate(WireRequest request) {
        if (request.header("authorization") != null) {
            return v3(request);
        }
        if (request.parameters().containsKey(RpcSignature.SIGNATURE)) {
            return rpc(request);
        }
        throw incomplete("The request is not signed: send an " + AcsV3Signature.ALGORITHM
                + " Authorization header or an RPC Signature parameter");
    }

    private Authenticated v3(WireRequest request) {
        AcsV3Signature.Authorization auth = AcsV3Signature.parseAuthorization(request.header("authorization"));
        for (String required : new String[] {"host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}) {
            if (request.header(required) == null) {
                throw incomplete(required + ": header is required");
            }
        }
        for (String name : request.headers().keySet()) {
            if (WireRequest.signable(name) && !name.equals("authorization") && !auth.signedHeaders().contains(name)) {
                throw incomplete("SignedHeaders: must include " + name);
            }
        }
        for (String name : auth.signedHeaders()) {
            if (request.header(name) == null) {
                throw incomplete("SignedHeaders: names a header the request does not carry");
            }
        }
        Credential credential = enabledCredential(auth.accessKeyId());
        Instant timestamp = checkTimestamp(request.header("x-acs-date"), "x-acs-date");
        String bodyHash = AcsV3Signature.sha256Hex(request.body());
        if (!constantTimeEquals(bodyHash, request.header("x-acs-content-sha256").toLowerCase(Locale.ROOT))) {
            throw new RotatorException(ErrorCode.SIGNATURE_DOES_NOT_MATCH,
                    "x-acs-content-sha256: does not match the request body");
        }
        String expected = AcsV3Signature.sign(credential.secret(), AcsV3Signature.stringToSign(
                AcsV3Signature.canonicalRequest(request, auth.signedHeaders(), bodyHash)));
        if (!constantTimeEquals(expected, auth.signature().toLowerCase(Locale.ROOT))) {
            throw mismatch();
        }
        checkNonce(credential, request.header("x-acs-signature-nonce"), timestamp, "x-acs-signature-nonce");
        return new Authenticated(credential.principal(), request.header("x-acs-action"), request.header("x-acs-version"),
                Params.of(request.parameters()));
    }

    private Authenticated rpc(WireRequest request) {
        Map<String, String> parameters = request.parameters();
        String keyId = requiredRpc(parameters, "AccessKeyId");
        String nonce = requiredRpc(parameters, "SignatureNonce");
        String time = requiredRpc(parameters, "Timestamp");
        if (!"HMAC-SHA1".equals(parameters.get("SignatureMethod"))) {
            throw incomplete("SignatureMethod: must be HMAC-SHA1");
        }
        if (!"1.0".equals(parameters.get("SignatureVersion"))) {
            throw incomplete("SignatureVersion: must be 1.0");
        }
        if (parameters.containsKey("SignatureType")) {
            throw incomplete("SignatureType: bearer tokens are not supported");
        }
        Credential credential = enabledCredential(keyId);
        Instant timestamp = checkTimestamp(time, "Timestamp");
        String given = parameters.get(RpcSignature.SIGNATURE);
        boolean signedWithEmpty = constantTimeEquals(RpcSignature.sign(credential.secret(),
                RpcSignature.stringToSign(request.method(), parameters, false)), given);
        boolean signedWithoutEmpty = !signedWithEmpty && parameters.containsValue("") && constantTimeEquals(
                RpcSignature.sign(credential.secret(), RpcSignature.stringToSign(request.method(), parameters, true)), given);
        if (!signedWithEmpty && !signedWithoutEmpty) {
            throw mismatch();
        }
        checkNonce(credential, nonce, timestamp, "SignatureNonce");
        Map<String, String> forAction = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            // Parameters left out of the signature are left out of the request: unsigned means unsaid.
            if (!RPC_PROTOCOL_PARAMETERS.contains(k) && !(signedWithoutEmpty && v.isEmpty())) {
                forAction.put(k, v);
            }
        });
        return new Authenticated(credential.principal(), parameters.get("Action"), parameters.get("Version"),
                Params.of(forAction));
    }

    private Credential enabledCredential(String accessKeyId) {
        Credential credential = credentials.apply(accessKeyId).orElseThrow(() -> new RotatorException(
                ErrorCode.ACCESS_KEY_NOT_FOUND, "Specified access key is not found."));
        if (!credential.enabled()) {
            throw new RotatorException(ErrorCode.ACCESS_KEY_INACTIVE, "Specified access key is disabled.");
        }
        return credential;
    }

    private Instant checkTimestamp(String value, String field) {
        Instant timestamp;
        try {
            timestamp = parseUtc(value.trim());
        } catch (DateTimeException e) {
            throw new RotatorException(ErrorCode.ILLEGAL_TIMESTAMP,
                    field + ": must be a UTC time like 2024-01-01T00:00:00Z");
        }
        if (Duration.between(timestamp, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            throw new RotatorException(ErrorCode.ILLEGAL_TIMESTAMP, field + ": the request time is more than "
                    + MAX_SKEW.toMinutes() + " minutes away from the server's clock");
        }
        return timestamp;
    }

    /**
     * {@link Instant#parse}, with a fast path for the one form the SDKs send, yyyy-MM-ddTHH:mm:ssZ
     * (Instant.parse was 5% of a GetSecretValue). Anything else, or an impossible date, goes to Instant.parse.
     */
    static Instant parseUtc(String s) {
        if (s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = digits(s, 17, 19);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    // e.g. a leap second, which Instant.parse accepts: let it decide
                }
            }
        }
        return Instant.parse(s);
    }

    /** The decimal number in s[from, to), or -1 if a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private void checkNonce(Credential credential, String nonce, Instant timestamp, String field) {
        if (nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH) {
            throw incomplete(field + ": must be 1 to " + MAX_NONCE_LENGTH + " characters");
        }
        if (!nonces.firstUse(credential.principal().accessKeyId(), nonce, timestamp, clock.instant())) {
            throw new RotatorException(ErrorCode.SIGNATURE_NONCE_USED, "Specified signature nonce was used already.");
        }
    }

    private static String requiredRpc(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw incomplete(name + ": is required for an RPC signature");
        }
        return value;
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static RotatorException mismatch() {
        return new RotatorException(ErrorCode.SIGNATURE_DOES_NOT_MATCH, "Specified signature does not match our calculation.");
    }

    static RotatorException incomplete(String detail) {
        return new RotatorException(ErrorCode.INCOMPLETE_SIGNATURE,
                "The request signature does not conform to Aliyun standards. " + detail);
    }
}
