package dev.rotator.worker.kms;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's settings: where the AccessKey secret comes from, the CA, the endpoint's forms, and unreachable. */
class RemoteKmsTest {
    private static final String SECRET = "ak-secret-never-shown-9f";

    private static WorkerConfig.KmsInstance settings(String endpoint, String caFile, String secretFile,
                                                     String secretEnv) {
        return new WorkerConfig.KmsInstance(endpoint, caFile, "LTAI-test", secretFile, secretEnv, "", "key-1", "", "");
    }

    @Test
    void theAccessKeySecretComesFromItsFileOrVariableAndIsNeverShown(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        RemoteKms fromFile = RemoteKms.connect(settings("kms.example:8443", "", file.toString(), ""), Map.of());
        assertThat(fromFile.url()).isEqualTo("https://kms.example:8443");
        assertThat(fromFile.toString()).doesNotContain(SECRET);
        assertThat(RemoteKms.connect(settings("http://127.0.0.1", "", "", "KMS_AK"), Map.of("KMS_AK", SECRET)).url())
                .isEqualTo("http://127.0.0.1:80");
        assertThat(settings("x", "", "", "KMS_AK").toString()).contains("$KMS_AK").doesNotContain(SECRET);

        assertThatThrownBy(() -> RemoteKms.connect(settings("kms.example", "", "", "KMS_AK"), Map.of()))
                .hasMessageContaining("kmsInstance.accessKeySecretEnv names KMS_AK, which is not set");
        assertThatThrownBy(() -> RemoteKms.connect(settings("kms.example", "", dir.resolve("none").toString(), ""),
                Map.of())).hasMessageContaining("kmsInstance.accessKeySecretFile").hasMessageContaining("cannot be read");
    }

    @Test
    void aCaFileMustHoldAPemCertificate(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET);
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> RemoteKms.connect(settings("kms.example", notPem.toString(), secret.toString(), ""),
                Map.of())).hasMessageContaining("kmsInstance.caFile").hasMessageContaining("PEM certificate")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anUnreachableInstanceIsServiceUnavailableNamingIt(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path secret = Files.writeString(dir.resolve("secret"), SECRET);
        RemoteKms kms = RemoteKms.connect(settings("https://127.0.0.1:" + port, "", secret.toString(), ""), Map.of());
        assertThatThrownBy(() -> kms.call("DescribeKey of key 'key-1'", c -> c.describeKey(
                new com.aliyun.kms20160120.models.DescribeKeyRequest().setKeyId("key-1"))))
                .isInstanceOf(RotatorException.class)
                .satisfies(e -> assertThat(((RotatorException) e).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
                .hasMessage("the KMS instance at https://127.0.0.1:" + port + " is unreachable (connection refused): "
                        + "DescribeKey of key 'key-1' was not done");
    }
}
