package dev.rotator.worker.api.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests to /admin/v1: always a 4xx in the KMS error shape naming the field, never a 500, and nothing
 * changes. Secret names hold '/', plain or percent-encoded.
 */
class AdminRequestsTest extends AdminApiFixture {

    @ParameterizedTest(name = "rotate with {0}")
    @CsvSource(delimiter = '|', value = {
            "not json                                   | InvalidParameter | RequestBody: must be a JSON object",
            "[\"VersionId\"]                            | InvalidParameter | RequestBody: must be a JSON object",
            "{\"VersionId\":\"a\",\"VersionId\":\"b\"}  | InvalidParameter | RequestBody",
            "{\"Force\":true}                           | InvalidParameter | Force: unknown field",
            "{\"VersionId\":5}                          | InvalidParameter | VersionId: must be a string",
            "{\"OverlapWindow\":[\"2h\"]}               | InvalidParameter | OverlapWindow: must be a string",
            "{\"VersionId\":\"\"}                       | MissingParameter | VersionId",
            "{\"VersionId\":\"   \"}                    | InvalidParameter | VersionId",
    })
    void aBadRotateBodyIsRefusedNamingTheFieldAndQueuesNothing(String body, String code, String message)
            throws Exception {
        String name = rdsSecret(unique("db/bad-body"));
        assertRefused(post("/admin/v1/secrets/" + name + "/rotate", body, admin), 400, code, message);
        Thread.sleep(200);
        assertThat(worker.store().versions(name)).hasSize(1);
        assertThat(worker.store().events(name, 10)).isEmpty();
    }

    @Test
    void aVersionIdLongerThan64CharactersIsRefused() throws Exception {
        String name = rdsSecret(unique("db/long-id"));
        assertRefused(post("/admin/v1/secrets/" + name + "/rotate", "{\"VersionId\":\"" + "x".repeat(65) + "\"}",
                admin), 400, "InvalidParameter", "VersionId");
    }

    @Test
    void aDryRunTakesNoFields() throws Exception {
        String name = rdsSecret(unique("db/dry-body"));
        assertRefused(post("/admin/v1/secrets/" + name + "/dry-run", "{\"VersionId\":\"v1\"}", admin), 400,
                "InvalidParameter", "VersionId: unknown field");
        assertThat(worker.store().events(name, 10)).isEmpty();
    }

    @ParameterizedTest(name = "create key with {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"Policy\":{\"Role\":\"admin\"}}                                | MissingParameter | Name",
            "{\"Name\":\"ok-name\"}                                           | MissingParameter | Policy",
            "{\"Name\":\"bad name!\",\"Policy\":{\"Role\":\"admin\"}}         | InvalidParameter | Name",
            "{\"Name\":7,\"Policy\":{\"Role\":\"admin\"}}                     | InvalidParameter | Name: must be a string",
            "{\"Name\":\"ok-name\",\"Policy\":\"admin\"}                      | InvalidParameter | Policy: must be a JSON object",
            "{\"Name\":\"ok-name\",\"Policy\":{\"Role\":\"root\"}}            | InvalidParameter | Policy.Role",
            "{\"Name\":\"ok-name\",\"Policy\":{\"Role\":\"admin\",\"Secrets\":[\"a\"]}} | InvalidParameter | Policy",
            "{\"Name\":\"ok-name\",\"Policy\":{\"Role\":\"reader\",\"Tags\":[\"no-equals\"]}} | InvalidParameter | Policy.Tags",
            "{\"Name\":\"ok-name\",\"Policy\":{\"Role\":\"reader\",\"Owner\":\"me\"}} | InvalidParameter | Policy",
            "{\"Name\":\"ok-name\",\"Policy\":{\"Role\":\"admin\"},\"Secret\":\"s\"} | InvalidParameter | Secret: unknown field",
            "{\"Name\":\"ok-name\",                                           | InvalidParameter | RequestBody",
    })
    void aBadAccessKeyIsRefusedNamingTheFieldAndNoKeyIsMade(String body, String code, String message)
            throws Exception {
        int keys = get("/admin/v1/access-keys", admin).body().get("AccessKeys").size();
        assertRefused(post("/admin/v1/access-keys", body, admin), 400, code, message);
        assertThat(get("/admin/v1/access-keys", admin).body().get("AccessKeys")).hasSize(keys);
    }

    @Test
    void aTakenNameIsAConflict() throws Exception {
        String name = unique("taken");
        assertThat(post("/admin/v1/access-keys", "{\"Name\":\"" + name + "\",\"Policy\":{\"Role\":\"admin\"}}", admin)
                .status()).isEqualTo(201);
        assertRefused(post("/admin/v1/access-keys", "{\"Name\":\"" + name + "\",\"Policy\":{\"Role\":\"admin\"}}",
                admin), 409, "Rejected.ResourceExist", "Name");
    }

    @ParameterizedTest(name = "events?{0}")
    @CsvSource(delimiter = '|', value = {
            "limit=0            | limit: must be a whole number from 1 to 1000",
            "limit=1001         | limit: must be a whole number from 1 to 1000",
            "limit=ten          | limit: must be a whole number from 1 to 1000",
            "limit=-5           | limit: must be a whole number from 1 to 1000",
            "limit=99999999999  | limit: must be a whole number from 1 to 1000",
            "limit=             | limit: must be a whole number from 1 to 1000",
            "limit=1&limit=2    | limit: given more than once",
            "after=-1           | after: must be an event Id",
            "after=abc          | after: must be an event Id",
            "after=99999999999999999999 | after: must be an event Id",
            "since=5            | since: unknown parameter (this action takes after, limit)",
    })
    void badEventParametersAreRefusedNamingThem(String query, String message) throws Exception {
        String name = rdsSecret(unique("db/events-query"));
        assertRefused(get("/admin/v1/secrets/" + name + "/events?" + query, admin), 400, "InvalidParameter", message);
    }

    @Test
    void theLimitBoundsAreAccepted() throws Exception {
        String name = rdsSecret(unique("db/events-bounds"));
        assertThat(get("/admin/v1/secrets/" + name + "/events?limit=1", admin).status()).isEqualTo(200);
        assertThat(get("/admin/v1/secrets/" + name + "/events?limit=1000&after=0", admin).status()).isEqualTo(200);
    }

    @Test
    void aQueryParameterOnAnActionThatTakesNoneIsRefused() throws Exception {
        String name = rdsSecret(unique("db/rotate-query"));
        assertRefused(post("/admin/v1/secrets/" + name + "/rotate?VersionId=x", "", admin), 400, "InvalidParameter",
                "VersionId: unknown parameter");
        assertThat(worker.store().versions(name)).hasSize(1);
    }

    @Test
    void aBodyOverTheLimitIsRefused() throws Exception {
        String name = rdsSecret(unique("db/big"));
        String big = "{\"VersionId\":\"" + "x".repeat(AdminApi.MAX_BODY_BYTES) + "\"}";
        assertRefused(post("/admin/v1/secrets/" + name + "/rotate", big, admin), 400, "InvalidParameter",
                "RequestBody: at most");
    }

    @Test
    void aSecretNameMayHoldSlashesPlainOrPercentEncoded() throws Exception {
        String name = rdsSecret("team/" + unique("svc") + "/db");
        Answer plain = get("/admin/v1/secrets/" + name + "/rotation", admin);
        Answer encoded = get("/admin/v1/secrets/" + name.replace("/", "%2F") + "/rotation", admin);
        Answer mixed = get("/admin/v1/secrets/" + name.replaceFirst("/", "%2f") + "/rotation", admin);
        for (Answer a : new Answer[] {plain, encoded, mixed}) {
            assertThat(a.status()).as(a.raw()).isEqualTo(200);
            assertThat(a.body().get("SecretName").asText()).isEqualTo(name);
        }
        // The JDK client refuses to send a broken escape; a raw request gets a 400 in the error shape all the same.
        String raw = rawGet("/admin/v1/secrets/db%zz/rotation");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("\"Code\":\"InvalidParameter\"");
    }

    @Test
    void aBrokenEscapeInTheQueryIsRefused() throws Exception {
        String name = rdsSecret(unique("db/raw-query"));
        String raw = rawGet("/admin/v1/secrets/" + name + "/events?limit=%zz");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("\"Code\":\"InvalidParameter\"");
    }

    private String rawGet(String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", worker.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + authorization(admin) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,    /admin/v1/secrets/db/x/rotate",
            "POST,   /admin/v1/secrets/db/x/rotation",
            "POST,   /admin/v1/targets",
            "DELETE, /admin/v1/access-keys",
            "GET,    /admin/v1/secrets/db/x/delete",
            "GET,    /admin/v1/secrets/",
            "GET,    /admin/v1/access-keys/RTAK1/enable",
            "GET,    /admin/v1/",
    })
    void aPathOrMethodThatIsNoAdminActionIs404(String method, String path) throws Exception {
        Answer a = send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()),
                authorization(admin));
        assertRefused(a, 404, "InvalidAction.NotFound", null);
    }
}
