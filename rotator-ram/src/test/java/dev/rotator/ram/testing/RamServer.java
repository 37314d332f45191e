package dev.rotator.ram.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The RAM API (2015-05-01) on loopback, as far as AccessKey rotation uses it, speaking the wire protocol the official
 * SDK speaks (openapi-wire.md): {@code POST /} with the parameters in the query, action and version in headers, an
 * ACS3-HMAC-SHA256 signature checked on every call (with the real error codes: IncompleteSignature,
 * SignatureDoesNotMatch, InvalidAccessKeyId.NotFound / .Inactive, IllegalTimestamp, SignatureNonceUsed), JSON
 * answers in RAM's shapes. Users hold at most two AccessKeys (409 LimitExceeded.User.AccessKey); keys are Active or
 * Inactive, and a key stops authenticating once Inactive or deleted. Each user's keys may call the actions it was
 * granted; any other call is 403 NoPermission.
 *
 * <p>Set-up and inspection go through Java methods, not the API. Nothing here logs or answers a secret, except
 * CreateAccessKey's answer, once, as RAM does.
 */
public final class RamServer implements AutoCloseable {
    public static final String VERSION = "2015-05-01";
    /** Every action this server serves: what an administrator is granted. */
    public static final Set<String> ALL = Set.of("ListAccessKeys", "CreateAccessKey", "UpdateAccessKey",
            "DeleteAccessKey");
    static final int KEYS_PER_USER = 2;
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** An AccessKey pair as CreateAccessKey hands it out; toString shows the id only. */
    public record Credential(String accessKeyId, String accessKeySecret) {
        @Override
        public String toString() {
            return "Credential[" + accessKeyId + "]";
        }
    }

    /** A key as ListAccessKeys shows it. */
    public record KeyInfo(String id, String status, Instant created) {
    }

    private static final class Key {
        final String id;
        final String secret;
        final Instant created;
        final String user;
        volatile String status = "Active";

        Key(String id, String secret, Instant created, String user) {
            this.id = id;
            this.secret = secret;
            this.created = created;
            this.user = user;
        }
    }

    private static final class User {
        final Set<String> allowed;
        final List<Key> keys = new ArrayList<>();

        User(Set<String> allowed) {
            this.allowed = Set.copyOf(allowed);
        }
    }

    private final HttpServer http;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Key> keysById = new HashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failNextCreateAfterMinting;

    private RamServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(pool);
        http.start();
    }

    public static RamServer start() {
        try {
            return new RamServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ram target's {@code endpoint} setting for this server: {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Adds a RAM user whose keys may call {@code allowed} actions (on any user; {@link #ALL} for an administrator). */
    public synchronized void addUser(String name, Set<String> allowed) {
        users.put(name, new User(allowed));
    }

    /** Makes an Active key for a user, as the console would (409-style refusal past two keys). */
    public synchronized Credential addKey(String user) {
        User u = user(user);
        if (u.keys.size() >= KEYS_PER_USER) {
            throw new IllegalStateException("user " + user + " already holds " + KEYS_PER_USER + " keys");
        }
        return mint(user, u);
    }

    /** The user's keys, oldest first. */
    public synchronized List<KeyInfo> keys(String user) {
        return user(user).keys.stream().map(k -> new KeyInfo(k.id, k.status, k.created)).toList();
    }

    public synchronized List<String> keyIds(String user) {
        return keys(user).stream().map(KeyInfo::id).toList();
    }

    public synchronized void setStatus(String user, String keyId, String status) {
        user(user).keys.stream().filter(k -> k.id.equals(keyId)).findFirst().orElseThrow().status = status;
    }

    /**
     * The next CreateAccessKey makes its key and then answers 500, as if the caller crashed before storing the
     * secret it would have been told: the key exists, its secret is lost.
     */
    public void failNextCreateAfterMinting() {
        failNextCreateAfterMinting = true;
    }

    /** Every call so far, {@code "<Action> <UserName> -> <status> <code>"}: ids and codes, never a secret. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** How many CreateAccessKey calls succeeded in minting a key for the user. */
    public long minted(String user) {
        return calls().stream().filter(c -> c.startsWith("CreateAccessKey " + user + " ") && c.contains("minted"))
                .count();
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }

    private User user(String name) {
        User u = users.get(name);
        if (u == null) {
            throw new IllegalArgumentException("no user " + name);
        }
        return u;
    }

    private Credential mint(String userName, User u) {
        Key k = new Key("LTAI" + random(20), random(30), Instant.now().truncatedTo(ChronoUnit.SECONDS), userName);
        u.keys.add(k);
        keysById.put(k.id, k);
        return new Credential(k.id, k.secret);
    }

    private static String random(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    /** An error in RAM's JSON shape. */
    private static final class Failure extends RuntimeException {
        private final int status;
        private final String code;

        Failure(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }

        String message() {
            return getMessage();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String action = ex.getRequestHeaders().getFirst("x-acs-action");
        Map<String, String> query = AcsV3Verifier.decodeQuery(ex.getRequestURI().getRawQuery());
        int status = 200;
        Map<String, Object> body;
        String note = "";
        try {
            byte[] payload = ex.getRequestBody().readAllBytes();
            Key caller = authenticate(ex, query, payload);
            if (!"POST".equals(ex.getRequestMethod())) {
                throw new Failure(400, "UnsupportedHTTPMethod", "This http method is not supported.");
            }
            if (!VERSION.equals(ex.getRequestHeaders().getFirst("x-acs-version"))) {
                throw new Failure(400, "InvalidVersion", "Specified parameter Version is not valid.");
            }
            if (action == null || !ALL.contains(action)) {
                throw new Failure(404, "InvalidAction.NotFound", "Specified api is not found, please check your url "
                        + "and method.");
            }
            synchronized (this) {
                if (!users.get(caller.user).allowed.contains(action)) {
                    throw new Failure(403, "NoPermission", "You are not authorized to do this action. You should be "
                            + "authorized by RAM.");
                }
                body = serve(action, query);
                if (body.containsKey("minted")) {
                    body.remove("minted");
                    note = " minted";
                    if (failNextCreateAfterMinting) {
                        failNextCreateAfterMinting = false;
                        throw new Failure(500, "InternalError", "The request processing has failed due to some "
                                + "unknown error.");
                    }
                }
            }
        } catch (Failure f) {
            status = f.status();
            body = new LinkedHashMap<>();
            body.put("Code", f.code());
            body.put("Message", f.message());
            body.put("HostId", "ram.aliyuncs.com");
            body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + f.code());
        } catch (RuntimeException e) {
            status = 500;
            body = new LinkedHashMap<>(Map.of("Code", "InternalError", "Message", e.toString()));
        }
        body.put("RequestId", UUID.randomUUID().toString().toUpperCase());
        calls.add(action + " " + query.getOrDefault("UserName", "-") + " -> " + status + " "
                + body.getOrDefault("Code", "OK") + note);
        byte[] out = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        ex.getResponseHeaders().set("x-acs-request-id", String.valueOf(body.get("RequestId")));
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private Key authenticate(HttpExchange ex, Map<String, String> query, byte[] payload) {
        AcsV3Verifier.Authorization auth = AcsV3Verifier.Authorization.parse(
                ex.getRequestHeaders().getFirst("Authorization"));
        if (auth == null) {
            throw new Failure(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
        }
        String bodyHash = AcsV3Verifier.sha256Hex(payload);
        if (!bodyHash.equals(ex.getRequestHeaders().getFirst("x-acs-content-sha256"))) {
            throw new Failure(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."
                    + " (x-acs-content-sha256 does not match the body)");
        }
        Key key;
        synchronized (this) {
            key = keysById.get(auth.accessKeyId());
        }
        if (key == null) {
            throw new Failure(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (!"Active".equals(key.status)) {
            throw new Failure(403, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.");
        }
        if (!AcsV3Verifier.verify(auth, key.secret, ex.getRequestMethod(), query,
                name -> ex.getRequestHeaders().getFirst(name), bodyHash)) {
            throw new Failure(400, "SignatureDoesNotMatch", "Specified signature does not match our calculation.");
        }
        String date = ex.getRequestHeaders().getFirst("x-acs-date");
        try {
            if (Duration.between(Instant.parse(date), Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
                throw new Failure(400, "IllegalTimestamp", "The input parameter \"Timestamp\" that is mandatory for "
                        + "processing this request is not supplied or is more than 15 minutes off.");
            }
        } catch (RuntimeException unparsable) {
            if (unparsable instanceof Failure f) {
                throw f;
            }
            throw new Failure(400, "IllegalTimestamp", "Specified x-acs-date is not valid.");
        }
        String nonce = ex.getRequestHeaders().getFirst("x-acs-signature-nonce");
        if (nonce == null || !nonces.add(nonce)) {
            throw new Failure(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        return key;
    }

    private Map<String, Object> serve(String action, Map<String, String> query) {
        String userName = query.get("UserName");
        if (userName == null || userName.isEmpty()) {
            throw new Failure(400, "MissingUserName", "UserName is mandatory for this action.");
        }
        User u = users.get(userName);
        if (u == null) {
            throw new Failure(404, "EntityNotExist.User", "The user does not exist.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        switch (action) {
            case "ListAccessKeys" -> {
                List<Map<String, Object>> list = new ArrayList<>();
                for (Key k : u.keys) {
                    list.add(Map.of("AccessKeyId", k.id, "Status", k.status, "CreateDate", k.created.toString()));
                }
                out.put("AccessKeys", Map.of("AccessKey", list));
            }
            case "CreateAccessKey" -> {
                if (u.keys.size() >= KEYS_PER_USER) {
                    throw new Failure(409, "LimitExceeded.User.AccessKey", "The access key count of the user access "
                            + "keys beyond the current limits.");
                }
                Credential c = mint(userName, u);
                Key k = keysById.get(c.accessKeyId());
                out.put("AccessKey", Map.of("AccessKeyId", k.id, "AccessKeySecret", k.secret, "Status", k.status,
                        "CreateDate", k.created.toString()));
                out.put("minted", true);
            }
            case "UpdateAccessKey" -> {
                Key k = keyOf(u, query.get("UserAccessKeyId"));
                String status = query.get("Status");
                if (!"Active".equals(status) && !"Inactive".equals(status)) {
                    throw new Failure(400, "InvalidParameter.Status", "The parameter Status must be Active or Inactive.");
                }
                k.status = status;
            }
            case "DeleteAccessKey" -> {
                Key k = keyOf(u, query.get("UserAccessKeyId"));
                u.keys.remove(k);
                keysById.remove(k.id);
            }
            default -> throw new IllegalStateException(action);
        }
        return out;
    }

    private static Key keyOf(User u, String id) {
        return u.keys.stream().filter(k -> k.id.equals(id)).findFirst().orElseThrow(() -> new Failure(404,
                "EntityNotExist.User.AccessKey", "The user access key does not exist."));
    }
}
