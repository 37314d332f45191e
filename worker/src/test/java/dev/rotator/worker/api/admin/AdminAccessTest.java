package dev.rotator.worker.api.admin;

import com.aliyun.kms20160120.Client;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Who may use /admin/v1: HTTP Basic with AccessKeys, admins for everything, readers for what they may read. */
class AdminAccessTest extends AdminApiFixture {

    private Answer targetsWith(String authorization) throws Exception {
        return send(HttpRequest.newBuilder(uri("/admin/v1/targets")).GET(), authorization);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyKindOfBadCredentialGetsTheSame401WithAChallenge() throws Exception {
        Key disabled = createKey("{\"Role\":\"admin\"}");
        assertThat(post("/admin/v1/access-keys/" + disabled.id() + "/disable", "", admin).status()).isEqualTo(200);

        List<String> attempts = List.of(
                basic(admin.id() + ":" + admin.secret() + "x"),          // wrong secret
                basic(admin.id() + ":"),                                  // empty secret
                basic("RTAKUNKNOWN0000000:" + admin.secret()),            // unknown key
                basic(disabled.id() + ":" + disabled.secret()),           // disabled key, right secret
                basic(admin.secret()),                                    // no colon
                "Basic not-base64!",
                "Bearer " + admin.secret());
        Answer none = targetsWith(null);
        assertRefused(none, 401, "Unauthenticated", "Authenticate with HTTP Basic");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue(BasicAuthenticator.CHALLENGE);
        for (String authorization : attempts) {
            Answer a = targetsWith(authorization);
            assertRefused(a, 401, "Unauthenticated", none.message());
            assertThat(a.headers().firstValue("WWW-Authenticate")).hasValue(BasicAuthenticator.CHALLENGE);
            assertThat(a.raw()).doesNotContain(admin.secret()).doesNotContain(disabled.id());
        }
        // Unauthenticated requests learn nothing about paths either.
        assertRefused(send(HttpRequest.newBuilder(uri("/admin/v1/no-such-thing")).GET(), null), 401,
                "Unauthenticated", null);

        Answer ok = targetsWith(authorization(admin));
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.body().get("Targets").isArray()).isTrue();
        assertThat(ok.body().get("Targets")).isEmpty();
    }

    @Test
    void aReaderSeesTheRotationOfWhatItMayReadAndNothingElse() throws Exception {
        String readable = rdsSecret(unique("team/db"));
        String other = rdsSecret(unique("other/db"));
        Key reader = createKey("{\"Role\":\"reader\",\"Secrets\":[\"" + readable + "\"]}");

        Answer state = get(rotationPath(readable), reader);
        assertThat(state.status()).as(state.raw()).isEqualTo(200);
        assertThat(state.body().get("SecretName").asText()).isEqualTo(readable);
        assertThat(get("/admin/v1/secrets/" + readable + "/events", reader).status()).isEqualTo(200);

        Answer denied = get(rotationPath(other), reader);
        assertRefused(denied, 403, "Forbidden.NoPermission", null);
        Answer missing = get(rotationPath("other/" + unique("missing")), reader);
        assertRefused(missing, 403, "Forbidden.NoPermission", denied.message());
        assertRefused(get("/admin/v1/secrets/" + other + "/events", reader), 403, "Forbidden.NoPermission", null);

        // Reading is all: no action, not even on the secret it may read.
        assertRefused(post("/admin/v1/secrets/" + readable + "/rotate", "{}", reader), 403, "Forbidden.NoPermission",
                null);
        assertRefused(post("/admin/v1/secrets/" + readable + "/dry-run", "", reader), 403, "Forbidden.NoPermission",
                null);
        assertRefused(get("/admin/v1/targets", reader), 403, "Forbidden.NoPermission", null);
        assertRefused(get("/admin/v1/access-keys", reader), 403, "Forbidden.NoPermission", null);
        assertRefused(post("/admin/v1/access-keys", "{\"Name\":\"sneaky\",\"Policy\":{\"Role\":\"admin\"}}", reader),
                403, "Forbidden.NoPermission", null);
        assertRefused(post("/admin/v1/access-keys/" + admin.id() + "/disable", "", reader), 403,
                "Forbidden.NoPermission", null);
        assertThat(worker.store().versions(readable)).hasSize(1);
        assertThat(worker.store().events(readable, 10)).as("no dry run ran").isEmpty();
        assertThat(get("/admin/v1/access-keys", admin).raw()).doesNotContain("sneaky");
    }

    @Test
    void aNewKeyWorksOnTheKmsApiAndAdminApiUntilItIsDisabled() throws Exception {
        String name = unique("ci-bot");
        Answer created = post("/admin/v1/access-keys", "{\"Name\":\"" + name + "\",\"Policy\":{\"Role\":\"admin\"}}",
                admin);
        assertThat(created.status()).as("created").isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        Key key = new Key(created.body().get("AccessKeyId").asText(), created.body().get("AccessKeySecret").asText());
        assertThat(created.body().get("Name").asText()).isEqualTo(name);
        assertThat(key.secret()).hasSizeGreaterThanOrEqualTo(30);

        assertThat(targetsWith(authorization(key)).status()).isEqualTo(200);
        assertThat(kmsError(key).getCode()).as("signature accepted; the action is not one we serve")
                .isEqualTo("InvalidAction.NotFound");

        Answer list = get("/admin/v1/access-keys", admin);
        assertThat(list.status()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode k : list.body().get("AccessKeys")) {
            if (k.get("AccessKeyId").asText().equals(key.id())) {
                listed = k;
            }
        }
        assertThat(listed).as(list.raw()).isNotNull();
        assertThat(listed.get("Name").asText()).isEqualTo(name);
        assertThat(listed.get("State").asText()).isEqualTo("Enabled");
        assertThat(listed.get("Policy").get("Role").asText()).isEqualTo("admin");
        assertThat(listed.get("CreateTime").asText()).endsWith("Z");
        assertThat(list.raw()).as("secrets are shown once, at creation").doesNotContain(key.secret())
                .doesNotContain(admin.secret()).doesNotContain("AccessKeySecret");

        Answer disabled = post("/admin/v1/access-keys/" + key.id() + "/disable", "", admin);
        assertThat(disabled.status()).as(disabled.raw()).isEqualTo(200);
        assertThat(disabled.body().get("AccessKeyId").asText()).isEqualTo(key.id());
        assertThat(disabled.body().get("State").asText()).isEqualTo("Disabled");

        assertRefused(targetsWith(authorization(key)), 401, "Unauthenticated", null);
        TeaException refused = kmsError(key);
        assertThat(refused.getCode()).isEqualTo("InvalidAccessKeyId.Inactive");
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(post("/admin/v1/access-keys/" + key.id() + "/disable", "", admin).status())
                .as("disabling again is harmless").isEqualTo(200);
    }

    @Test
    void aReaderKeyMadeOverTheApiGetsThePolicyAsGiven() throws Exception {
        Answer created = post("/admin/v1/access-keys", "{\"Name\":\"" + unique("reader") + "\",\"Policy\":{\"Role\":"
                + "\"reader\",\"Prefixes\":[\"app/\"],\"Tags\":[\"env=prod\"]}}", admin);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("AccessKeyId").asText();
        List<String> policies = new java.util.ArrayList<>();
        for (JsonNode k : get("/admin/v1/access-keys", admin).body().get("AccessKeys")) {
            if (k.get("AccessKeyId").asText().equals(id)) {
                policies.add(k.get("Policy").toString());
            }
        }
        assertThat(policies).containsExactly(
                "{\"Role\":\"reader\",\"Secrets\":[],\"Prefixes\":[\"app/\"],\"Tags\":[\"env=prod\"]}");
    }

    @Test
    void anAdminCannotDisableTheKeyItIsUsingAndUnknownKeysAre404() throws Exception {
        assertRefused(post("/admin/v1/access-keys/" + admin.id() + "/disable", "", admin), 400, "InvalidParameter",
                "AccessKeyId");
        assertThat(targetsWith(authorization(admin)).status()).isEqualTo(200);
        assertRefused(post("/admin/v1/access-keys/RTAKNOSUCHKEY00000/disable", "", admin), 404,
                "Forbidden.ResourceNotFound", "AccessKeyId");
    }

    @Test
    void requestsAreCountedByActionAndResultCode() throws Exception {
        String name = rdsSecret(unique("db/counted"));
        assertThat(get(rotationPath(name), admin).status()).isEqualTo(200);
        assertThat(targetsWith(basic(admin.id() + ":wrong")).status()).isEqualTo(401);

        java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.body())
                .containsPattern("rotator_api_requests_total\\{action=\"GetRotationState\",code=\"OK\"} [1-9]")
                .containsPattern("rotator_api_requests_total\\{action=\"Missing\",code=\"Unauthenticated\"} [1-9]");
    }

    /** An SDK call that the server can only refuse: which refusal says how far the key got. */
    private TeaException kmsError(Key key) throws Exception {
        Client client = new Client(new Config().setAccessKeyId(key.id()).setAccessKeySecret(key.secret())
                .setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
        Throwable t = catchThrowable(client::describeRegions);
        assertThat(t).isInstanceOf(TeaException.class);
        return (TeaException) t;
    }
}
