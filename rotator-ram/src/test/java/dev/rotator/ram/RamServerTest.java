package dev.rotator.ram;

import com.aliyun.ram20150501.Client;
import com.aliyun.ram20150501.models.CreateAccessKeyRequest;
import com.aliyun.ram20150501.models.DeleteAccessKeyRequest;
import com.aliyun.ram20150501.models.ListAccessKeysRequest;
import com.aliyun.ram20150501.models.UpdateAccessKeyRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import dev.rotator.ram.testing.RamProbe;
import dev.rotator.ram.testing.RamServer;
import dev.rotator.ram.testing.RamServer.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The local RAM API as the official SDK sees it: signatures, the two-key limit, key states, RAM's error codes. */
class RamServerTest {
    private final RamServer ram = RamServer.start();

    @AfterEach
    void stop() {
        ram.close();
    }

    private Client client(String id, String secret) throws Exception {
        URI uri = URI.create(ram.endpoint());
        return new Client(new Config().setAccessKeyId(id).setAccessKeySecret(secret)
                .setEndpoint(uri.getHost() + ":" + uri.getPort()).setProtocol("HTTP"));
    }

    private Client client(Credential c) throws Exception {
        return client(c.accessKeyId(), c.accessKeySecret());
    }

    private static TeaException refused(ThrowingCall call, int status, String code) {
        TeaException e = catchThrowableOfType(TeaException.class, call::run);
        assertThat(e).as("refused with " + code).isNotNull();
        assertThat(e.getCode()).isEqualTo(code);
        assertThat(e.getData().get("statusCode")).isEqualTo(status);
        return e;
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void theFourCallsThroughTheSdkWithTheirShapes() throws Exception {
        ram.addUser("admin", RamServer.ALL);
        ram.addUser("alice", Set.of());
        Client admin = client(ram.addKey("admin"));

        var created = admin.createAccessKey(new CreateAccessKeyRequest().setUserName("alice")).getBody().getAccessKey();
        assertThat(created.getAccessKeyId()).startsWith("LTAI");
        assertThat(created.getAccessKeySecret()).hasSize(30);
        assertThat(created.getStatus()).isEqualTo("Active");
        var listed = admin.listAccessKeys(new ListAccessKeysRequest().setUserName("alice")).getBody()
                .getAccessKeys().getAccessKey();
        assertThat(listed).singleElement().satisfies(k -> {
            assertThat(k.getAccessKeyId()).isEqualTo(created.getAccessKeyId());
            assertThat(k.getCreateDate()).isEqualTo(created.getCreateDate());
        });

        admin.updateAccessKey(new UpdateAccessKeyRequest().setUserName("alice")
                .setUserAccessKeyId(created.getAccessKeyId()).setStatus("Inactive"));
        assertThat(ram.keys("alice").get(0).status()).isEqualTo("Inactive");
        admin.deleteAccessKey(new DeleteAccessKeyRequest().setUserName("alice").setUserAccessKeyId(created.getAccessKeyId()));
        assertThat(ram.keys("alice")).isEmpty();
        refused(() -> admin.deleteAccessKey(new DeleteAccessKeyRequest().setUserName("alice")
                .setUserAccessKeyId(created.getAccessKeyId())), 404, "EntityNotExist.User.AccessKey");
        refused(() -> admin.listAccessKeys(new ListAccessKeysRequest().setUserName("bob")), 404, "EntityNotExist.User");
    }

    @Test
    void aUserHoldsAtMostTwoKeys() throws Exception {
        ram.addUser("admin", RamServer.ALL);
        ram.addUser("alice", Set.of());
        Client admin = client(ram.addKey("admin"));
        admin.createAccessKey(new CreateAccessKeyRequest().setUserName("alice"));
        admin.createAccessKey(new CreateAccessKeyRequest().setUserName("alice"));

        TeaException e = refused(() -> admin.createAccessKey(new CreateAccessKeyRequest().setUserName("alice")), 409,
                "LimitExceeded.User.AccessKey");

        assertThat(e.getMessage()).contains("beyond the current limits");
        assertThat(ram.keys("alice")).hasSize(2);
    }

    @Test
    void signaturesAreCheckedAndKeysStopAuthenticatingOnceInactiveOrDeleted() throws Exception {
        ram.addUser("alice", Set.of("ListAccessKeys"));
        Credential k = ram.addKey("alice");
        ListAccessKeysRequest list = new ListAccessKeysRequest().setUserName("alice");
        assertThat(client(k).listAccessKeys(list).getBody().getAccessKeys().getAccessKey()).hasSize(1);

        refused(() -> client(k.accessKeyId(), k.accessKeySecret() + "x").listAccessKeys(list), 400,
                "SignatureDoesNotMatch");
        refused(() -> client("LTAInobody", "whatever").listAccessKeys(list), 404, "InvalidAccessKeyId.NotFound");
        ram.setStatus("alice", k.accessKeyId(), "Inactive");
        refused(() -> client(k).listAccessKeys(list), 403, "InvalidAccessKeyId.Inactive");
        ram.setStatus("alice", k.accessKeyId(), "Active");
        assertThat(RamProbe.works(ram, "alice", k.accessKeyId(), k.accessKeySecret())).isTrue();
        refused(() -> client(k).createAccessKey(new CreateAccessKeyRequest().setUserName("alice")), 403, "NoPermission");
    }

    @Test
    void requestsWithoutAValidSignatureAreRefused() throws Exception {
        ram.addUser("alice", Set.of("ListAccessKeys"));
        Credential k = ram.addKey("alice");
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(ram.endpoint() + "/?UserName=alice");

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(uri).header("x-acs-action", "ListAccessKeys")
                .header("x-acs-version", RamServer.VERSION).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains("\"Code\":\"IncompleteSignature\"");

        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(uri).header("x-acs-action", "ListAccessKeys")
                .header("x-acs-version", RamServer.VERSION).header("x-acs-date", java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .header("x-acs-signature-nonce", "n1").header("x-acs-content-sha256",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .header("Authorization", "ACS3-HMAC-SHA256 Credential=" + k.accessKeyId() + ",SignedHeaders=host;"
                        + "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
                        + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("\"Code\":\"SignatureDoesNotMatch\"")
                .doesNotContain(k.accessKeySecret());
    }
}
