package dev.rotator.worker.api.openapi;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DeleteSecretRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.GetSecretValueResponse;
import com.aliyun.kms20160120.models.ListSecretsRequest;
import com.aliyun.kms20160120.models.ListSecretsResponseBody;
import com.aliyun.tea.TeaException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The official kms20160120 client, unchanged but for endpoint and AccessKey, against the real server:
 * a good key gets through; every refusal comes back as a TeaException with the Alibaba code and status,
 * and the action did not run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsApiEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private KmsApiFixture api;

    @BeforeAll
    void start() {
        api = new KmsApiFixture();
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private Client admin() {
        return api.client(api.admin.accessKeyId(), api.admin.accessKeySecret());
    }

    private Client reader() {
        return api.client(api.reader.accessKeyId(), api.reader.accessKeySecret());
    }

    private static GetSecretValueRequest get(String name) {
        return new GetSecretValueRequest().setSecretName(name);
    }

    @Test
    void anAdminKeyGetsThroughAndTheReplyParsesIntoTheSdkModel() throws Exception {
        int before = api.runCounts().get("GetSecretValue");
        GetSecretValueResponse r = admin().getSecretValue(get("my secret/ü*~+&="));
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody().getSecretName()).isEqualTo("my secret/ü*~+&=");
        assertThat(r.getBody().getVersionStages().getVersionStage()).containsExactly("ACSCurrent");
        assertThat(r.getBody().getRequestId()).matches("[0-9A-F-]{36}");
        assertThat(r.getHeaders()).containsEntry("x-acs-request-id", r.getBody().getRequestId());
        assertThat(r.getHeaders().get("content-type")).isEqualTo("application/json;charset=utf-8");
        assertThat(api.runCounts().get("GetSecretValue")).isEqualTo(before + 1);
    }

    @Test
    void theTeaSdksRpcSignatureModeGetsThroughToo() throws Exception {
        Client v2 = api.client(api.admin.accessKeyId(), api.admin.accessKeySecret(), "v2");
        assertThat(v2.getSecretValue(get("granted")).getBody().getSecretName()).isEqualTo("granted");
        assertThat(v2.getSecretValue(get("with space*~").setVersionStage("")).getBody().getSecretName())
                .isEqualTo("with space*~");
    }

    @Test
    void aForgedSignatureIsRefused() {
        refused(() -> api.client(api.admin.accessKeyId(), "not-the-secret").getSecretValue(get("granted")),
                400, "SignatureDoesNotMatch");
    }

    @Test
    void anUnknownAccessKeyIsNotFound() {
        refused(() -> api.client("RTAKNOSUCHKEY00000", "whatever").getSecretValue(get("granted")),
                404, "InvalidAccessKeyId.NotFound");
    }

    @Test
    void aDisabledAccessKeyIsInactive() throws Exception {
        var key = api.keys.create("soon-disabled", dev.rotator.worker.auth.PrincipalPolicy.admin());
        Client client = api.client(key.accessKeyId(), key.accessKeySecret());
        client.getSecretValue(get("granted"));
        api.keys.disable(key.accessKeyId());
        refused(() -> client.getSecretValue(get("granted")), 403, "InvalidAccessKeyId.Inactive");
    }

    @Test
    void aReplayedRequestIsRefused() throws Exception {
        try (RecordingRelay relay = new RecordingRelay(api.port())) {
            Client viaRelay = new Client(new com.aliyun.teaopenapi.models.Config()
                    .setAccessKeyId(api.admin.accessKeyId()).setAccessKeySecret(api.admin.accessKeySecret())
                    .setEndpoint("127.0.0.1:" + relay.port()).setProtocol("HTTP"));
            assertThat(viaRelay.getSecretValue(get("granted")).getBody().getSecretName()).isEqualTo("granted");
            byte[] sent = relay.recorded();
            assertThat(new String(sent, StandardCharsets.UTF_8)).startsWith("POST /?SecretName=granted HTTP/1.1")
                    .contains("Transfer-Encoding: chunked");
            Map<String, Integer> before = api.runCounts();

            String response = RecordingRelay.send(api.port(), sent);

            assertThat(response).startsWith("HTTP/1.1 400 ");
            JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("Code").asText()).isEqualTo("SignatureNonceUsed");
            assertThat(body.get("HttpStatus").asInt()).isEqualTo(400);
            assertThat(api.runCounts()).isEqualTo(before);
        }
    }

    @Test
    void aClockSixteenMinutesOffIsRefusedAndFourteenIsNot() throws Exception {
        Map<String, Integer> before = api.runCounts();
        for (Duration skew : new Duration[] {Duration.ofMinutes(16), Duration.ofMinutes(-16)}) {
            HttpResponse<String> r = new V3Request(api.endpoint(), "GetSecretValue", Instant.now().plus(skew))
                    .param("SecretName", "granted").send(api.admin.accessKeyId(), api.admin.accessKeySecret());
            assertError(r, 400, "IllegalTimestamp");
        }
        assertThat(api.runCounts()).isEqualTo(before);
        HttpResponse<String> ok = new V3Request(api.endpoint(), "GetSecretValue", Instant.now().plus(Duration.ofMinutes(14)))
                .param("SecretName", "granted").send(api.admin.accessKeyId(), api.admin.accessKeySecret());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("SecretName").asText()).isEqualTo("granted");
    }

    @Test
    void aReaderCallingAnAdminActionIsForbidden() {
        refused(() -> reader().createSecret(new CreateSecretRequest().setSecretName("new").setVersionId("v1")
                .setSecretData("x")), 403, "Forbidden.NoPermission");
    }

    @Test
    void aReaderReadsWhatItWasGrantedByNameOrTag() throws Exception {
        assertThat(reader().getSecretValue(get("granted")).getBody().getSecretName()).isEqualTo("granted");
        assertThat(reader().getSecretValue(get("tagged")).getBody().getSecretName()).isEqualTo("tagged");
    }

    @Test
    void aReaderReadingASecretItWasNotGrantedIsForbiddenTheSameWayAsAMissingOne() {
        TeaException other = refused(() -> reader().getSecretValue(get("other")), 403, "Forbidden.NoPermission");
        TeaException missing = refused(() -> reader().getSecretValue(get("missing")), 403, "Forbidden.NoPermission");
        assertThat(missing.getData().get("Message")).isEqualTo(other.getData().get("Message"))
                .isEqualTo("You are not authorized to perform the operation.");
    }

    @Test
    void aReaderListsOnlyWhatItMayRead() throws Exception {
        ListSecretsResponseBody body = reader().listSecrets(new ListSecretsRequest()).getBody();
        assertThat(body.getSecretList().getSecret()).extracting(s -> s.getSecretName())
                .containsExactlyInAnyOrder("granted", "tagged");
        assertThat(admin().listSecrets(new ListSecretsRequest()).getBody().getSecretList().getSecret()).hasSize(3);
    }

    @Test
    void anActionThatIsNotServedIsNotFound() {
        refused(() -> admin().describeSecret(new DescribeSecretRequest().setSecretName("granted")),
                404, "InvalidAction.NotFound");
    }

    @Test
    void aMissingRequiredParameterIsNamed() {
        TeaException e = refused(() -> admin().getSecretValue(new GetSecretValueRequest()), 400, "MissingParameter");
        assertThat(e.getData().get("Message")).isEqualTo("SecretName: is required");
    }

    @Test
    void anUnexpectedFailureIsAGenericInternalFailure() {
        TeaException e = refused(() -> admin().deleteSecret(new DeleteSecretRequest().setSecretName("granted")),
                500, "InternalFailure");
        assertThat(e.getMessage()).doesNotContain(KmsApiFixture.LEAKY_VALUE);
        assertThat(e.getData().toString()).doesNotContain(KmsApiFixture.LEAKY_VALUE);
    }

    @Test
    void aRequestWithoutActionOrWithAnotherVersionIsAClientError() throws Exception {
        assertError(new V3Request(api.endpoint(), null, Instant.now()).param("SecretName", "granted")
                .send(api.admin.accessKeyId(), api.admin.accessKeySecret()), 400, "MissingParameter");
        V3Request ram = new V3Request(api.endpoint(), "GetSecretValue", Instant.now()).param("SecretName", "granted");
        ram.headers.put("x-acs-version", "2015-05-01");
        assertError(ram.send(api.admin.accessKeyId(), api.admin.accessKeySecret()), 400, "InvalidVersion");
        assertError(new V3Request(api.endpoint(), "NoSuchAction", Instant.now())
                .send(api.admin.accessKeyId(), api.admin.accessKeySecret()), 404, "InvalidAction.NotFound");
    }

    @Test
    void unsignedOrGarbledRequestsAreIncompleteSignatures() throws Exception {
        Map<String, Integer> before = api.runCounts();
        V3Request unsigned = new V3Request(api.endpoint(), "GetSecretValue", Instant.now()).param("SecretName", "granted");
        unsigned.authorization(api.admin.accessKeyId(), api.admin.accessKeySecret());
        assertError(unsigned.send((String) null), 400, "IncompleteSignature");
        assertError(unsigned.send("ACS3-HMAC-SHA256 garbage"), 400, "IncompleteSignature");
        assertError(unsigned.send("Bearer abc"), 400, "IncompleteSignature");
        assertThat(api.runCounts()).isEqualTo(before);
    }

    @Test
    void aBodyThatDoesNotMatchItsSignedHashIsRefused() {
        V3Request r = new V3Request(api.endpoint(), "GetSecretValue", Instant.now()).param("SecretName", "granted");
        r.body = "SecretName=other".getBytes(StandardCharsets.UTF_8);
        r.claimedBodyHash = V3Request.sha256(new byte[0]);
        assertError(r.send(api.admin.accessKeyId(), api.admin.accessKeySecret()), 400, "SignatureDoesNotMatch");
    }

    @Test
    void getWorksLikePost() throws Exception {
        V3Request r = new V3Request(api.endpoint(), "GetSecretValue", Instant.now()).param("SecretName", "granted");
        r.method = "GET";
        HttpResponse<String> response = r.send(api.admin.accessKeyId(), api.admin.accessKeySecret());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("SecretName").asText()).isEqualTo("granted");
    }

    @Test
    void aParameterGivenTwiceIsRefusedBeforeAnythingRuns() throws Exception {
        String raw = "POST /?SecretName=granted&SecretName=other HTTP/1.1\r\nHost: " + api.endpoint()
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        String response = RecordingRelay.send(api.port(), raw.getBytes(StandardCharsets.UTF_8));
        assertThat(response).startsWith("HTTP/1.1 400 ");
        JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("Code").asText()).isEqualTo("InvalidParameter");
        assertThat(body.get("Message").asText()).isEqualTo("SecretName: given more than once");
    }

    @Test
    void anOversizedRequestGetsTheErrorShapeToo() throws Exception {
        String raw = "POST /?SecretName=" + "x".repeat(300 * 1024) + " HTTP/1.1\r\nHost: " + api.endpoint()
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        String response = RecordingRelay.send(api.port(), raw.getBytes(StandardCharsets.UTF_8));
        assertThat(response).matches("(?s)HTTP/1.1 4\\d\\d .*");
        JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("Code").asText()).isEqualTo("InvalidParameter");
        assertThat(body.get("HttpStatus").asInt()).isBetween(400, 499);
    }

    /** The SDK threw a TeaException with this status and code, and no test action ran. */
    private TeaException refused(Callable<?> call, int status, String code) {
        Map<String, Integer> before = api.runCounts();
        Throwable t = catchThrowable(call::call);
        assertThat(t).isInstanceOf(TeaException.class);
        TeaException e = (TeaException) t;
        assertThat(e.getCode()).isEqualTo(code);
        assertThat(e.getStatusCode()).isEqualTo(status);
        assertThat(e.getData()).containsKeys("RequestId", "HostId", "Code", "Message", "HttpStatus");
        assertThat(((Number) e.getData().get("HttpStatus")).intValue()).isEqualTo(status);
        if (status != 500) {
            assertThat(api.runCounts()).as("no action ran").isEqualTo(before);
        }
        return e;
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).contains("application/json;charset=utf-8");
        try {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("Code").asText()).isEqualTo(code);
            assertThat(body.get("HttpStatus").asInt()).isEqualTo(status);
            assertThat(body.has("RequestId")).isTrue();
        } catch (Exception e) {
            throw new AssertionError("not the JSON error shape: " + r.body(), e);
        }
    }
}
