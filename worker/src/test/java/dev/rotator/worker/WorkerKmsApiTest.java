package dev.rotator.worker;

import com.aliyun.kms20160120.Client;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.worker.auth.AdminKeyFile;
import dev.rotator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The started worker serves the KMS API on its one port, and the first start's admin key file signs requests. */
class WorkerKmsApiTest {
    @TempDir
    Path dataDir;

    @Test
    void theAdminKeyFromTheFileAuthenticatesAndAWrongSecretDoesNot() throws Exception {
        WorkerConfig d = WorkerConfig.defaults();
        WorkerConfig config = new WorkerConfig(dataDir.toString(), new WorkerConfig.Server("127.0.0.1", 0), d.store(),
                d.scheduler(), d.rotation(), new WorkerConfig.Shutdown("1s"));
        try (Worker worker = Worker.start(config)) {
            JsonNode key = new ObjectMapper().readTree(dataDir.resolve(AdminKeyFile.FILE_NAME).toFile());
            String id = key.get("AccessKeyId").asText();
            String secret = key.get("AccessKeySecret").asText();

            // DescribeRegions is not an operation Rotator serves: getting that far proves the signature was accepted.
            TeaException accepted = call(worker, id, secret);
            assertThat(accepted.getCode()).isEqualTo("InvalidAction.NotFound");
            assertThat(accepted.getStatusCode()).isEqualTo(404);

            TeaException forged = call(worker, id, secret + "x");
            assertThat(forged.getCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(forged.getStatusCode()).isEqualTo(400);
        }
    }

    private static TeaException call(Worker worker, String id, String secret) throws Exception {
        Client client = new Client(new Config().setAccessKeyId(id).setAccessKeySecret(secret)
                .setEndpoint("127.0.0.1:" + worker.port()).setProtocol("HTTP"));
        Throwable t = catchThrowable(client::describeRegions);
        assertThat(t).isInstanceOf(TeaException.class);
        return (TeaException) t;
    }
}
