package dev.rotator.worker.crypto;

import com.aliyun.kms20160120.Client;
import com.aliyun.kms20160120.models.CreateKeyRequest;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DecryptRequest;
import com.aliyun.kms20160120.models.DescribeSecretRequest;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListSecretVersionIdsRequest;
import com.aliyun.kms20160120.models.PutSecretValueRequest;
import com.aliyun.tea.TeaException;
import dev.rotator.worker.testing.RunningWorker;
import dev.rotator.worker.testing.KmsInstanceFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.rotator.worker.testing.SdkCalls.message;
import static dev.rotator.worker.testing.SdkCalls.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data keys wrapped by a KMS key: worker A plays the Alibaba KMS instance (its key API over HTTPS with a local
 * CA, {@link KmsInstanceFixture}), worker B is configured with A as {@code kmsInstance} and a key of A as
 * {@code dataKeyId}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsDataKeysTest {
    private KmsInstanceFixture instance;
    private RunningWorker kms;
    private String keyId;
    private RunningWorker b;

    @BeforeAll
    void start() throws Exception {
        instance = KmsInstanceFixture.start();
        kms = instance.kms;
        keyId = kms.admin().createKey(new CreateKeyRequest().setDescription("wraps worker B's data keys"))
                .getBody().getKeyMetadata().getKeyId();
        b = RunningWorker.start(c -> c.withKmsInstance(instance.settings(keyId, "", "")));
    }

    @AfterAll
    void stop() throws Exception {
        try (KmsInstanceFixture a = instance; RunningWorker w = b) {
            // both closed, B first
        }
    }

    private String url() {
        return instance.url();
    }

    private static void create(Client client, String name, String value) throws Exception {
        client.createSecret(new CreateSecretRequest().setSecretName(name).setVersionId("v1").setSecretData(value));
    }

    private static String value(Client client, String name) throws Exception {
        return client.getSecretValue(new GetSecretValueRequest().setSecretName(name)).getBody().getSecretData();
    }

    @Test
    void aValueWrittenInBIsReadBackAndSealedWithADataKeyOnlyTheInstanceCanUnwrap() throws Exception {
        create(b.admin(), "app/wrapped", "first-value-8f2c");
        b.admin().putSecretValue(new PutSecretValueRequest().setSecretName("app/wrapped").setVersionId("v2")
                .setSecretData("second-value-77d1"));

        assertThat(value(b.admin(), "app/wrapped")).isEqualTo("second-value-77d1");
        assertThat(b.admin().getSecretValue(new GetSecretValueRequest().setSecretName("app/wrapped")
                .setVersionId("v1")).getBody().getSecretData()).isEqualTo("first-value-8f2c");

        for (String version : List.of("v1", "v2")) {
            Map<String, byte[]> row = row("app/wrapped", version);
            String stored = new String(row.get("WRAPPED_DATA_KEY"), StandardCharsets.US_ASCII);
            assertThat(stored).as("B stores the instance's CiphertextBlob").startsWith(KmsDataKeyWrapper.PREFIX);
            String blob = stored.substring(KmsDataKeyWrapper.PREFIX.length());
            byte[] aad = Gcm.aad("rotator-dk", LocalKeyRing.DEFAULT_KEY_ID, "app/wrapped", version);

            refused(() -> kms.admin().decrypt(new DecryptRequest().setCiphertextBlob(blob)), 400, "InvalidCiphertext");
            byte[] dataKey = Base64.getDecoder().decode(kms.admin().decrypt(new DecryptRequest().setCiphertextBlob(blob)
                    .setEncryptionContext(Map.of("rotator-aad", Base64.getEncoder().encodeToString(aad))))
                    .getBody().getPlaintext());
            assertThat(new String(Gcm.openData(dataKey, row.get("CIPHERTEXT"),
                    Gcm.aad("rotator-secret", "app/wrapped", version)), StandardCharsets.UTF_8))
                    .as("the value opens with the data key A unwraps").isEqualTo(version.equals("v1")
                            ? "first-value-8f2c" : "second-value-77d1");
            assertNoneHolds(dataKey);
        }
    }

    @Test
    void withTheInstanceDownWritesAndReadsFailNamingItAndNothingIsHalfWritten() throws Exception {
        create(b.admin(), "app/outage", "before-outage-31ab");
        instance.cut();
        try {
            TeaException created = refused(() -> create(b.admin(), "app/during", "during-outage-0c4e"), 503,
                    "ServiceUnavailable");
            assertThat(message(created)).contains("the KMS instance at " + url()).contains("unreachable")
                    .doesNotContain("during-outage-0c4e").doesNotContain(kms.adminSecret);
            TeaException put = refused(() -> b.admin().putSecretValue(new PutSecretValueRequest()
                    .setSecretName("app/outage").setVersionId("v2").setSecretData("during-outage-9e1f")), 503,
                    "ServiceUnavailable");
            assertThat(message(put)).contains(url()).doesNotContain("during-outage-9e1f");
            TeaException read = refused(() -> value(b.admin(), "app/outage"), 503, "ServiceUnavailable");
            assertThat(message(read)).contains(url()).doesNotContain("before-outage-31ab");

            refused(() -> b.admin().describeSecret(new DescribeSecretRequest().setSecretName("app/during")), 404,
                    "Forbidden.ResourceNotFound");
        } finally {
            instance.restore();
        }
        assertThat(value(b.admin(), "app/outage")).as("readable again once the instance is back")
                .isEqualTo("before-outage-31ab");
        assertThat(b.admin().listSecretVersionIds(new ListSecretVersionIdsRequest().setSecretName("app/outage"))
                .getBody().getVersionIds().getVersionId()).extracting(v -> v.getVersionId())
                .as("the refused PutSecretValue left no version").containsExactly("v1");
        refused(() -> b.admin().describeSecret(new DescribeSecretRequest().setSecretName("app/during")), 404,
                "Forbidden.ResourceNotFound");
    }

    @Test
    void aKeyIdTheInstanceDoesNotHaveIsAStartUpErrorNamingIt() {
        assertThatThrownBy(() -> RunningWorker.start(c -> c.withKmsInstance(instance.settings("key-00000000000000000000dead", "", ""))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kmsInstance.dataKeyId")
                .hasMessageContaining("key-00000000000000000000dead")
                .hasMessageContaining("does not exist in the KMS instance at " + url())
                .hasMessageNotContaining(kms.adminSecret);
    }

    /** B's stored version row, by upper-case column name. */
    private Map<String, byte[]> row(String name, String version) throws Exception {
        try (Connection c = b.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT wrapped_data_key, ciphertext FROM secret_versions"
                     + " WHERE secret_name = ? AND version_id = ?")) {
            ps.setString(1, name);
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("version %s of %s is stored", version, name).isTrue();
                return Map.of("WRAPPED_DATA_KEY", rs.getBytes(1), "CIPHERTEXT", rs.getBytes(2));
            }
        }
    }

    /** No column of any stored version holds the data key, raw, in base64 or in hex. */
    private void assertNoneHolds(byte[] dataKey) throws Exception {
        List<String> forms = List.of(new String(dataKey, StandardCharsets.ISO_8859_1),
                Base64.getEncoder().encodeToString(dataKey), HexFormat.of().formatHex(dataKey));
        List<String> cells = new ArrayList<>();
        try (Connection c = b.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM secret_versions");
             ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    byte[] bytes = rs.getBytes(i);
                    cells.add(bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(cells).isNotEmpty();
        for (String form : forms) {
            assertThat(cells).as("a stored cell holds the plaintext data key").noneMatch(cell -> cell.contains(form));
        }
    }
}
