package dev.rotator.worker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.core.AutomaticRotation;
import dev.rotator.core.ExtendedConfig;
import dev.rotator.core.RotationPolicy;
import dev.rotator.core.Secret;
import dev.rotator.core.SecretType;
import dev.rotator.core.spi.NewVersion;
import dev.rotator.worker.Worker;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.config.WorkerConfig;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.testing.FakeAccountsRotator;
import dev.rotator.worker.testing.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real worker (embedded H2 in a temporary data directory, a free port, the test rotators for Rds and
 * RAMCredentials) and an operator's HTTP client that authenticates with HTTP Basic, as {@code curl -u} does,
 * starting with the admin key the first start wrote to its file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminApiFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Path dataDir;
    Worker worker;
    Key admin;
    final FakeAccountsRotator rds = new FakeAccountsRotator();
    final FakeAccountsRotator ram = new FakeAccountsRotator();

    /** An AccessKey as the operator holds it. toString hides the secret. */
    record Key(String id, String secret) {
        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    record Answer(int status, JsonNode body, HttpHeaders headers, String raw) {
        String code() {
            return body.path("Code").asText(null);
        }

        String message() {
            return body.path("Message").asText(null);
        }
    }

    @BeforeAll
    void startWorker(@TempDir Path dir) throws Exception {
        dataDir = dir;
        WorkerConfig d = WorkerConfig.defaults();
        // Retries one second apart: a failing step keeps its rotation running long enough to be seen.
        worker = Worker.start(new WorkerConfig(dataDir.toString(), new WorkerConfig.Server("127.0.0.1", 0), d.store(),
                d.scheduler(), new WorkerConfig.Rotation(3, "1s", "1s", "10m"), new WorkerConfig.Shutdown("1s")),
                Map.of(SecretType.RDS, rds, SecretType.RAM_CREDENTIALS, ram));
        JsonNode file = JSON.readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
        admin = new Key(file.get("AccessKeyId").asText(), file.get("AccessKeySecret").asText());
    }

    @AfterAll
    void stopWorker() {
        worker.close();
    }

    // ---------------------------------------------------------------- HTTP

    Answer get(String path, Key key) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), authorization(key));
    }

    Answer post(String path, String body, Key key) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), authorization(key));
    }

    /** A request with exactly this Authorization header (null for none). */
    Answer send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r.headers(), r.body());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + worker.port() + path);
    }

    static String authorization(Key key) {
        return key == null ? null : "Basic " + Base64.getEncoder().encodeToString((key.id() + ":" + key.secret())
                .getBytes(StandardCharsets.UTF_8));
    }

    static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }

    /** A refusal in the KMS API's error shape. */
    static void assertRefused(Answer a, int status, String code, String messageStart) {
        assertThat(a.status()).as(a.raw()).isEqualTo(status);
        assertThat(a.code()).as(a.raw()).isEqualTo(code);
        assertThat(a.body().path("HttpStatus").asInt()).isEqualTo(status);
        assertThat(a.body().path("RequestId").asText()).isNotBlank();
        if (messageStart != null) {
            assertThat(a.message()).as(a.raw()).startsWith(messageStart);
        }
    }

    /** A new AccessKey made through the API. */
    Key createKey(String policyJson) throws Exception {
        Answer a = post("/admin/v1/access-keys", "{\"Name\":\"" + unique("key") + "\",\"Policy\":" + policyJson + "}",
                admin);
        assertThat(a.status()).as(a.raw()).isEqualTo(201);
        return new Key(a.body().get("AccessKeyId").asText(), a.body().get("AccessKeySecret").asText());
    }

    // ---------------------------------------------------------------- secrets

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A dual-account Rds secret named {@code name}, its account known to the fake target. */
    String rdsSecret(String name) {
        String account = unique("app");
        rds.accounts.put(account, "Initial-pw-" + account);
        worker.store().create(TestStores.rds(name), new NewVersion("v1",
                FakeAccountsRotator.value(account, "Initial-pw-" + account), Instant.now()));
        return name;
    }

    /** The account the ACSCurrent version of an Rds secret holds. */
    String currentAccount(String name) throws Exception {
        return JSON.readTree(worker.store().versionAt(name, "ACSCurrent").orElseThrow().value().text())
                .get("AccountName").asText();
    }

    /** A RAMCredentials secret, on the fake rotator too (its "accounts" stand for the user's AccessKeys). */
    String ramSecret() {
        String user = unique("user");
        String name = "acs/ram/user/" + user;
        Instant now = Instant.now();
        ram.accounts.put(user, "Initial-ak-" + user);
        worker.store().create(new Secret(name, SecretType.RAM_CREDENTIALS, null, LocalKeyRing.DEFAULT_KEY_ID, List.of(),
                ExtendedConfig.of(Map.of("SecretSubType", "RamUserAccessKey", "UserName", user)),
                new RotationPolicy(AutomaticRotation.Disabled, null, null, null), null, null, now, now),
                new NewVersion("v1", FakeAccountsRotator.value(user, "Initial-ak-" + user), now));
        return name;
    }

    String genericSecret(String name) {
        worker.store().create(TestStores.generic(name), TestStores.version("v1", "plain-value"));
        return name;
    }

    /** Path segment of a secret name: '/' stays as it is, as curl users write it. */
    static String rotationPath(String name) {
        return "/admin/v1/secrets/" + name + "/rotation";
    }

    /** Polls the rotation state until it satisfies {@code done}, for up to 20 seconds. */
    JsonNode awaitState(String name, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Answer a = get(rotationPath(name), admin);
            assertThat(a.status()).as(a.raw()).isEqualTo(200);
            if (done.test(a.body())) {
                return a.body();
            }
            assertThat(System.nanoTime()).as("waiting for the rotation state of " + name + "; last: " + a.raw())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The rotation made version {@code versionId} ACSCurrent and is over: no lock, nothing pending or owed. */
    static boolean rotatedTo(JsonNode state, String versionId) {
        for (JsonNode v : state.get("Versions")) {
            if (v.get("VersionId").asText().equals(versionId)) {
                return v.get("VersionStages").toString().contains("ACSCurrent") && state.get("Lock").isNull()
                        && state.get("Pending").isNull() && state.get("FinishOwed").isNull();
            }
        }
        return false;
    }
}
