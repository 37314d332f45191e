package dev.rotator.worker.api.openapi;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueResponse;
import com.aliyuncs.profile.DefaultProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The classic SDK (aliyun-java-sdk-kms on aliyun-java-sdk-core, RPC signature in the query; what it
 * sends is in docs/wire-classic-sdk.md) against the real server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassicSdkTest {
    private KmsApiFixture api;

    @BeforeAll
    void start() {
        api = new KmsApiFixture();
        DefaultProfile.addEndpoint("cn-hangzhou", "Kms", api.endpoint());
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    private static IAcsClient client(String accessKeyId, String secret) {
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", accessKeyId, secret));
    }

    private static GetSecretValueRequest get(String name) {
        GetSecretValueRequest request = new GetSecretValueRequest();
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSecretName(name);
        return request;
    }

    @Test
    void aGoodCallSucceedsIncludingAwkwardCharactersAndAnEmptyParameter() throws Exception {
        IAcsClient client = client(api.admin.accessKeyId(), api.admin.accessKeySecret());
        GetSecretValueResponse r = client.getAcsResponse(get("granted"));
        assertThat(r.getSecretName()).isEqualTo("granted");
        assertThat(r.getVersionStages()).containsExactly("ACSCurrent");
        GetSecretValueRequest awkward = get("my secret*~/é+&=");
        awkward.setVersionStage("");
        awkward.setFetchExtendedConfig(true);
        assertThat(client.getAcsResponse(awkward).getSecretName()).isEqualTo("my secret*~/é+&=");
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatchAndRunsNothing() {
        Map<String, Integer> before = api.runCounts();
        ClientException e = refused(() -> client(api.admin.accessKeyId(), "wrong-secret").getAcsResponse(get("granted")));
        assertThat(e.getErrCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.getRequestId()).isNotBlank();
        assertThat(api.runCounts()).isEqualTo(before);
    }

    @Test
    void aReaderIsRefusedWhatItWasNotGranted() throws Exception {
        IAcsClient reader = client(api.reader.accessKeyId(), api.reader.accessKeySecret());
        assertThat(reader.getAcsResponse(get("tagged")).getSecretName()).isEqualTo("tagged");
        assertThat(refused(() -> reader.getAcsResponse(get("other"))).getErrCode()).isEqualTo("Forbidden.NoPermission");
    }

    @Test
    void anUnknownKeyIsNotFound() {
        assertThat(refused(() -> client("RTAKNOSUCHKEY00000", "x").getAcsResponse(get("granted"))).getErrCode())
                .isEqualTo("InvalidAccessKeyId.NotFound");
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static ClientException refused(Call call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).isInstanceOf(ClientException.class);
        return (ClientException) t;
    }
}
