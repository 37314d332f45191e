package dev.rotator.worker.api.openapi.secrets;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.CreateSecretRequest;
import com.aliyuncs.kms.model.v20160120.CreateSecretResponse;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueResponse;
import com.aliyuncs.kms.model.v20160120.ListSecretsRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretsResponse;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueResponse;
import com.aliyuncs.profile.DefaultProfile;
import dev.rotator.worker.testing.RunningWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The classic SDK (aliyun-java-sdk-kms on aliyun-java-sdk-core, RPC signature in the query) writes and reads
 * secrets on a started worker, and sees its errors as ClientExceptions with the Alibaba code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassicSdkSecretsTest {
    private RunningWorker api;
    private IAcsClient client;

    @BeforeAll
    void start() {
        api = RunningWorker.start();
        DefaultProfile.addEndpoint("cn-hangzhou", "Kms", api.endpoint());
        client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", api.adminId, api.adminSecret));
    }

    @AfterAll
    void stop() throws Exception {
        client.shutdown();
        api.close();
    }

    @Test
    void createPutGetAndListAWholeSecretLifecycle() throws Exception {
        CreateSecretRequest create = new CreateSecretRequest();
        create.setSysProtocol(ProtocolType.HTTP);
        create.setSecretName("classic/app-token");
        create.setVersionId("v1");
        create.setSecretData("{\"token\":\"a b+c/é\"}");
        create.setTags("[{\"TagKey\":\"owner\",\"TagValue\":\"classic\"}]");
        CreateSecretResponse created = client.getAcsResponse(create);
        assertThat(created.getArn()).isEqualTo("acs:kms:cn-hangzhou:1234567890123456:secret/classic/app-token");
        assertThat(created.getVersionId()).isEqualTo("v1");

        PutSecretValueRequest put = new PutSecretValueRequest();
        put.setSysProtocol(ProtocolType.HTTP);
        put.setSecretName("classic/app-token");
        put.setVersionId("v2");
        put.setSecretData("second*~value");
        put.setVersionStages("[\"ACSCurrent\"]");
        PutSecretValueResponse putAnswer = client.getAcsResponse(put);
        assertThat(putAnswer.getVersionStages()).containsExactly("ACSCurrent");

        GetSecretValueRequest get = new GetSecretValueRequest();
        get.setSysProtocol(ProtocolType.HTTP);
        get.setSecretName("classic/app-token");
        GetSecretValueResponse current = client.getAcsResponse(get);
        assertThat(current.getSecretData()).isEqualTo("second*~value");
        assertThat(current.getVersionId()).isEqualTo("v2");
        assertThat(current.getVersionStages()).containsExactly("ACSCurrent");
        get.setVersionStage("ACSPrevious");
        assertThat(client.getAcsResponse(get).getSecretData()).isEqualTo("{\"token\":\"a b+c/é\"}");

        ListSecretsRequest list = new ListSecretsRequest();
        list.setSysProtocol(ProtocolType.HTTP);
        list.setFetchTags("true");
        list.setPageSize(10);
        list.setFilters("[{\"Key\":\"SecretName\",\"Values\":[\"classic/\"]}]");
        ListSecretsResponse listed = client.getAcsResponse(list);
        assertThat(listed.getTotalCount()).isEqualTo(1);
        assertThat(listed.getSecretList()).singleElement().satisfies(s -> {
            assertThat(s.getSecretName()).isEqualTo("classic/app-token");
            assertThat(s.getSecretType()).isEqualTo("Generic");
            assertThat(s.getTags()).singleElement().satisfies(t -> assertThat(t.getTagValue()).isEqualTo("classic"));
        });
    }

    @Test
    void errorsArriveWithTheirAlibabaCodes() {
        GetSecretValueRequest get = new GetSecretValueRequest();
        get.setSysProtocol(ProtocolType.HTTP);
        get.setSecretName("classic/absent");
        Throwable t = catchThrowable(() -> client.getAcsResponse(get));
        assertThat(t).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.getErrCode()).isEqualTo("Forbidden.ResourceNotFound"));

        PutSecretValueRequest put = new PutSecretValueRequest();
        put.setSysProtocol(ProtocolType.HTTP);
        put.setSecretName("classic/absent");
        put.setVersionId("v1");
        Throwable missing = catchThrowable(() -> client.getAcsResponse(put));
        assertThat(missing).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.getErrCode()).isEqualTo("MissingParameter"));
    }
}
