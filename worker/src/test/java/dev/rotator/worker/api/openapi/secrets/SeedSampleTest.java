package dev.rotator.worker.api.openapi.secrets;

import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.tea.TeaException;
import dev.rotator.worker.testing.RunningWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed product's "Retrieve the secret" sample (Alibaba Cloud SDK V2.0, GetSecretValue on a KMS instance),
 * copied as it is, against a worker speaking HTTPS with a certificate from its local CA. What changed: the
 * endpoint, the AccessKey (the sample reads it from the environment, which a test cannot set), the CA
 * certificate and secret name placeholders it asks to fill in, and one line printing the value where the
 * sample says "Write your code to print the response of the API operation if necessary".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedSampleTest {
    private static RunningWorker api;

    @BeforeAll
    void start() throws Exception {
        api = RunningWorker.startWithTls();
        api.admin().createSecret(new CreateSecretRequest().setSecretName("app/db-password").setVersionId("v1")
                .setSecretData("the app's value"));
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
    }

    // ---- the sample, as published (package and imports aside) -----------------------------------------

    // This file is auto-generated, don't edit it. Thanks.
    public static class Sample {
        static String secretName = "<SecretName>";

        public static com.aliyun.kms20160120.Client createClient() throws Exception {
            // If the project code is leaked, the AccessKey pair may be leaked and resources in your account become insecure. The following code is for reference only.
            // We recommend that you use Security Token Service (STS) tokens, which provide higher security. For information about credential-based authentication methods, see the topic at the following URL: https://www.alibabacloud.com/help/en/sdk/developer-reference/v2-manage-access-credentials?spm=a2c63.p38356.0.0.cc196072Z9j9AY.
            com.aliyun.teaopenapi.models.Config config = new com.aliyun.teaopenapi.models.Config()
                    // Required. Make sure that the ALIBABA_CLOUD_ACCESS_KEY_ID environment variable is configured.
                    .setAccessKeyId(api.adminId) // changed: was System.getenv("ALIBABA_CLOUD_ACCESS_KEY_ID")
                    // Required. Make sure that the ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variable is configured.
                    .setAccessKeySecret(api.adminSecret); // changed: was System.getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
            // Specify the VPC address of the instance as the endpoint. Example: kst-hzz65f176a0ogplgq****.cryptoservice.kms.aliyuncs.com
            config.endpoint = api.endpoint(); // changed: was "<VPC address of the instance>"
            // Specify the content of the CA certificate of the instance
            config.ca = api.caPem; // filled in: was "<CA certificate of the instance>"
            return new com.aliyun.kms20160120.Client(config);
        }

        public static void main(String[] args_) throws Exception {
            java.util.List<String> args = java.util.Arrays.asList(args_);
            com.aliyun.kms20160120.Client client = Sample.createClient();
            com.aliyun.kms20160120.models.GetSecretValueRequest getSecretValueRequest = new com.aliyun.kms20160120.models.GetSecretValueRequest()
                    .setSecretName(secretName);
            com.aliyun.teautil.models.RuntimeOptions runtime = new com.aliyun.teautil.models.RuntimeOptions();
            try {
                // Write your code to print the response of the API operation if necessary
                System.out.println(client.getSecretValueWithOptions(getSecretValueRequest, runtime).body.secretData);
            } catch (TeaException error) {
                // Handle exceptions with caution in actual business scenarios and do not ignore the exceptions in your project. In this example, exceptions are provided only for reference.
                // Obtain an error message
                System.out.println(error.getMessage());
                // Provide the URL for troubleshooting
                System.out.println(error.getData().get("Recommend"));
                com.aliyun.teautil.Common.assertAsString(error.message);
            } catch (Exception _error) {
                TeaException error = new TeaException(_error.getMessage(), _error);
                // Handle exceptions with caution in actual business scenarios and do not ignore the exceptions in your project. In this example, exceptions are provided only for reference.
                // Obtain an error message
                System.out.println(error.getMessage());
                // Provide the URL for troubleshooting
                System.out.println(error.getData().get("Recommend"));
                com.aliyun.teautil.Common.assertAsString(error.message);
            }
        }
    }

    // ---- the test ---------------------------------------------------------------------------------------

    /** Runs the sample's main and returns what it printed. */
    private static String runSample(String secretName) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Sample.secretName = secretName;
            Sample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSampleReadsTheSecretOverHttpsWithTheInstanceCa() throws Exception {
        assertThat(runSample("app/db-password")).isEqualTo("the app's value" + System.lineSeparator());
    }

    @Test
    void theSampleReportsAMissingSecretTheWayItExpects() throws Exception {
        assertThat(runSample("app/no-such-secret")).startsWith("code: 404, SecretName: secret 'app/no-such-secret' "
                + "does not exist request id: ");
    }
}
