package dev.rotator.worker.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.kms20160120.models.CreateKeyResponseBody;
import com.aliyun.kms20160120.models.DecryptResponseBody;
import com.aliyun.kms20160120.models.DescribeKeyResponseBody;
import com.aliyun.kms20160120.models.EncryptResponseBody;
import com.aliyun.kms20160120.models.GenerateDataKeyResponseBody;
import com.aliyun.kms20160120.models.ListKeysResponseBody;
import com.aliyun.tea.TeaModel;
import dev.rotator.worker.testing.SdkModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The key service's answers against the kms20160120 1.2.3 SDK models: every field a response model has
 * (RequestId aside, which the API adds) is one the records carry, under the same wire name, and the SDK
 * reads each value back after a trip through JSON as the client does it.
 */
class KeyResponsesMatchTheSdkTest {
    private static KeyMetadata everyField() {
        return new KeyMetadata("acs:kms:cn-hangzhou:1:key/key-1", "Disabled", "2024-01-02T03:04:05Z", "creator",
                "kst-1", "2024-02-02T03:04:05Z", "Disabled", "protected because", "description", "key-1",
                "Aliyun_AES_256", "Enabled", "ENCRYPT/DECRYPT", "2024-01-02T03:04:05Z", "2025-01-01T00:00:00Z",
                "2024-06-01T00:00:00Z", "Aliyun_KMS", "3f1c2c8e-0000-4000-8000-000000000001", "SOFTWARE", "604800s");
    }

    @Test
    void describeKeyCarriesEveryKeyMetadataField() {
        Map<String, Object> body = Map.of("KeyMetadata", everyField().toWire(), "RequestId", "r-1");
        DescribeKeyResponseBody sdk = SdkModels.read(body, new DescribeKeyResponseBody());
        assertReadsEveryField(body, sdk);
        assertThat(sdk.getKeyMetadata().getDKMSInstanceId()).isEqualTo("kst-1");
        assertThat(sdk.getKeyMetadata().getDeletionProtectionDescription()).isEqualTo("protected because");
    }

    @Test
    void createKeyCarriesEveryKeyMetadataFieldItsModelHas() {
        Map<String, Object> body = Map.of("KeyMetadata", everyField().toWire(), "RequestId", "r-1");
        CreateKeyResponseBody sdk = SdkModels.read(body, new CreateKeyResponseBody());
        assertReadsEveryField(body, sdk);
        assertThat(sdk.getKeyMetadata().getPrimaryKeyVersion()).isEqualTo("3f1c2c8e-0000-4000-8000-000000000001");
    }

    @Test
    void listKeysCarriesTheWrappedKeyListAndCounts() {
        KeyPage page = new KeyPage(List.of(new KeyPage.Entry("key-1", "arn-1"), new KeyPage.Entry("key-2", "arn-2")),
                2, 2, 5);
        Map<String, Object> body = withRequestId(page.toWire());
        ListKeysResponseBody sdk = SdkModels.read(body, new ListKeysResponseBody());
        assertReadsEveryField(body, sdk);
        assertThat(sdk.getKeys().getKey()).extracting(k -> k.getKeyId() + " " + k.getKeyArn())
                .containsExactly("key-1 arn-1", "key-2 arn-2");
        assertThat(sdk.getTotalCount()).isEqualTo(5);
        assertThat(SdkModels.read(withRequestId(new KeyPage(List.of(), 9, 10, 5).toWire()), new ListKeysResponseBody())
                .getKeys().getKey()).isEmpty();
    }

    @Test
    void dataKeyEncryptAndDecryptAnswersCarryEveryField() {
        Map<String, Object> dataKey = withRequestId(new DataKey("key-1", "v-1", "cGxhaW4=", "YmxvYg==").toWire());
        assertReadsEveryField(dataKey, SdkModels.read(dataKey, new GenerateDataKeyResponseBody()));
        Map<String, Object> encrypted = withRequestId(new EncryptResult("key-1", "v-1", "YmxvYg==").toWire());
        assertReadsEveryField(encrypted, SdkModels.read(encrypted, new EncryptResponseBody()));
        Map<String, Object> decrypted = withRequestId(new DecryptResult("key-1", "v-1", "text").toWire());
        DecryptResponseBody sdk = SdkModels.read(decrypted, new DecryptResponseBody());
        assertReadsEveryField(decrypted, sdk);
        assertThat(sdk.getPlaintext()).isEqualTo("text");
    }

    private static Map<String, Object> withRequestId(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("RequestId", "r-1");
        return out;
    }

    /** Every field of the model (nested ones too) is in the body and the SDK reads it back as sent. */
    private static void assertReadsEveryField(Map<String, Object> body, TeaModel model) {
        assertThat(SdkModels.missingFields(body, model, Set.of())).as("SDK fields the answer lacks").isEmpty();
    }
}
