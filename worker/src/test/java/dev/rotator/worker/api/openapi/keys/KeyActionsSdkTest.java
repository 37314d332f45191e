package dev.rotator.worker.api.openapi.keys;

import com.aliyun.kms20160120.models.CreateKeyRequest;
import com.aliyun.kms20160120.models.CreateKeyResponse;
import com.aliyun.kms20160120.models.CreateKeyResponseBody.CreateKeyResponseBodyKeyMetadata;
import com.aliyun.kms20160120.models.CreateSecretRequest;
import com.aliyun.kms20160120.models.DecryptRequest;
import com.aliyun.kms20160120.models.DecryptResponseBody;
import com.aliyun.kms20160120.models.DescribeKeyRequest;
import com.aliyun.kms20160120.models.DescribeKeyResponseBody.DescribeKeyResponseBodyKeyMetadata;
import com.aliyun.kms20160120.models.EncryptRequest;
import com.aliyun.kms20160120.models.EncryptResponseBody;
import com.aliyun.kms20160120.models.GenerateDataKeyRequest;
import com.aliyun.kms20160120.models.GenerateDataKeyResponseBody;
import com.aliyun.kms20160120.models.GetSecretValueRequest;
import com.aliyun.kms20160120.models.ListKeysRequest;
import com.aliyun.kms20160120.models.ListKeysResponseBody;
import com.aliyun.kms20160120.models.ListKeysResponseBody.ListKeysResponseBodyKeysKey;
import com.aliyun.tea.TeaException;
import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.validation.NewSecretRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static dev.rotator.worker.api.openapi.keys.KeyApiWorker.ARN_PREFIX;
import static dev.rotator.worker.testing.SdkCalls.message;
import static dev.rotator.worker.testing.SdkCalls.refusedInFull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The key actions through the official kms20160120 client against a started worker: every response parses
 * into the SDK's models with the fields Alibaba fills, ciphertexts round-trip (with EncryptionContext), and
 * a wrong context, an altered blob, an asymmetric key or a reader are refused with their documented codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyActionsSdkTest {
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final Map<String, String> CONTEXT = Map.of("app", "billing", "purpose", "db-password");

    @TempDir
    static Path dataDir;
    private KeyApiWorker api;

    @BeforeAll
    void start() throws Exception {
        api = new KeyApiWorker(dataDir);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private CreateKeyResponseBodyKeyMetadata createKey(String spec) throws Exception {
        return api.admin.createKey(new CreateKeyRequest().setKeySpec(spec)).getBody().getKeyMetadata();
    }

    @Test
    void createKeyAnswersWithTheKeyMetadataAlibabaFills() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CreateKeyResponse r = api.admin.createKey(new CreateKeyRequest().setDescription("billing key"));
        Instant after = Instant.now();

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody().getRequestId()).matches("[0-9A-F-]{36}");
        CreateKeyResponseBodyKeyMetadata m = r.getBody().getKeyMetadata();
        assertThat(m.getKeyId()).matches("key-[0-9a-f]{24}");
        assertThat(m.getArn()).isEqualTo(ARN_PREFIX + m.getKeyId());
        assertThat(m.getKeySpec()).isEqualTo("Aliyun_AES_256");
        assertThat(m.getKeyUsage()).isEqualTo("ENCRYPT/DECRYPT");
        assertThat(m.getKeyState()).isEqualTo("Enabled");
        assertThat(m.getDescription()).isEqualTo("billing key");
        assertThat(m.getCreator()).isEqualTo(api.adminKeyId);
        assertThat(m.getCreationDate()).matches(TIME);
        assertThat(Instant.parse(m.getCreationDate())).isBetween(before, after);
        assertThat(m.getLastRotationDate()).isEqualTo(m.getCreationDate());
        assertThat(m.getAutomaticRotation()).isEqualTo("Disabled");
        assertThat(m.getOrigin()).isEqualTo("Aliyun_KMS");
        assertThat(m.getProtectionLevel()).isEqualTo("SOFTWARE");
        assertThat(m.getPrimaryKeyVersion()).isNotBlank();
        // What our keys do not have stays absent, as on Alibaba for such a key.
        assertThat(m.getDKMSInstanceId()).isNull();
        assertThat(m.getDeleteDate()).isNull();
        assertThat(m.getMaterialExpireTime()).isNull();
        assertThat(m.getNextRotationDate()).isNull();
        assertThat(m.getRotationInterval()).isNull();
    }

    @Test
    void describeKeyByIdOrArnShowsWhatCreateKeyShowedAndDeletionProtection() throws Exception {
        CreateKeyResponseBodyKeyMetadata created = createKey("Aliyun_SM4");
        for (String keyId : List.of(created.getKeyId(), created.getArn())) {
            DescribeKeyResponseBodyKeyMetadata m = api.admin.describeKey(new DescribeKeyRequest().setKeyId(keyId))
                    .getBody().getKeyMetadata();
            assertThat(m.getKeyId()).isEqualTo(created.getKeyId());
            assertThat(m.getArn()).isEqualTo(created.getArn());
            assertThat(m.getKeySpec()).isEqualTo("Aliyun_SM4");
            assertThat(m.getKeyUsage()).isEqualTo(created.getKeyUsage());
            assertThat(m.getKeyState()).isEqualTo("Enabled");
            assertThat(m.getCreationDate()).isEqualTo(created.getCreationDate());
            assertThat(m.getLastRotationDate()).isEqualTo(created.getLastRotationDate());
            assertThat(m.getCreator()).isEqualTo(api.adminKeyId);
            assertThat(m.getDescription()).isEmpty();
            assertThat(m.getPrimaryKeyVersion()).isEqualTo(created.getPrimaryKeyVersion());
            assertThat(m.getAutomaticRotation()).isEqualTo("Disabled");
            assertThat(m.getOrigin()).isEqualTo("Aliyun_KMS");
            assertThat(m.getProtectionLevel()).isEqualTo("SOFTWARE");
            assertThat(m.getDeletionProtection()).isEqualTo("Disabled");
            assertThat(m.getDeletionProtectionDescription()).isNull();
        }
    }

    @Test
    void listKeysPagesThroughEveryKeyOldestFirstWithItsArn() throws Exception {
        String made = createKey(null).getKeyId();
        ListKeysResponseBody all = api.admin.listKeys(new ListKeysRequest().setPageSize(100)).getBody();
        List<ListKeysResponseBodyKeysKey> keys = all.getKeys().getKey();
        assertThat(all.getTotalCount()).isEqualTo(keys.size()).isGreaterThanOrEqualTo(2);
        assertThat(all.getPageNumber()).isEqualTo(1);
        assertThat(all.getPageSize()).isEqualTo(100);
        assertThat(keys.get(0).getKeyId()).isEqualTo("key-rotator-default"); // made by the first start
        assertThat(keys).extracting(ListKeysResponseBodyKeysKey::getKeyId).contains(made);
        assertThat(keys).allSatisfy(k -> assertThat(k.getKeyArn()).isEqualTo(ARN_PREFIX + k.getKeyId()));

        List<String> paged = new ArrayList<>();
        for (int page = 1; page <= (keys.size() + 1) / 2; page++) {
            ListKeysResponseBody body = api.admin.listKeys(new ListKeysRequest().setPageNumber(page).setPageSize(2))
                    .getBody();
            assertThat(body.getPageNumber()).isEqualTo(page);
            assertThat(body.getPageSize()).isEqualTo(2);
            assertThat(body.getTotalCount()).isEqualTo(keys.size());
            body.getKeys().getKey().forEach(k -> paged.add(k.getKeyId()));
        }
        assertThat(paged).containsExactlyElementsOf(keys.stream().map(ListKeysResponseBodyKeysKey::getKeyId).toList());
        ListKeysResponseBody pastTheEnd = api.admin.listKeys(new ListKeysRequest().setPageNumber(1000)).getBody();
        assertThat(pastTheEnd.getKeys().getKey()).isEmpty();
        assertThat(pastTheEnd.getTotalCount()).isEqualTo(keys.size());
    }

    @Test
    void encryptThenDecryptGivesThePlaintextBackUnderTheSameContext() throws Exception {
        for (String spec : new String[] {"Aliyun_AES_256", "Aliyun_SM4"}) {
            CreateKeyResponseBodyKeyMetadata key = createKey(spec);
            String plaintext = "naïve plaintext ✓ " + spec;
            EncryptResponseBody e = api.admin.encrypt(new EncryptRequest().setKeyId(key.getArn())
                    .setPlaintext(plaintext).setEncryptionContext(CONTEXT)).getBody();
            assertThat(e.getKeyId()).isEqualTo(key.getKeyId());
            assertThat(e.getKeyVersionId()).isEqualTo(key.getPrimaryKeyVersion());
            assertThat(e.getCiphertextBlob()).isBase64().doesNotContain(plaintext);
            assertThat(e.getRequestId()).isNotBlank();

            DecryptResponseBody d = api.admin.decrypt(new DecryptRequest().setCiphertextBlob(e.getCiphertextBlob())
                    .setEncryptionContext(Map.of("purpose", "db-password", "app", "billing"))).getBody();
            assertThat(d.getPlaintext()).isEqualTo(plaintext);
            assertThat(d.getKeyId()).isEqualTo(key.getKeyId());
            assertThat(d.getKeyVersionId()).isEqualTo(key.getPrimaryKeyVersion());
            assertThat(d.getRequestId()).isNotBlank().isNotEqualTo(e.getRequestId());
        }
    }

    @Test
    void generateDataKeyGivesAKeyAndItsCiphertextWhichDecryptsToIt() throws Exception {
        CreateKeyResponseBodyKeyMetadata key = createKey(null);
        GenerateDataKeyResponseBody aes256 = api.admin.generateDataKey(new GenerateDataKeyRequest()
                .setKeyId(key.getKeyId()).setEncryptionContext(CONTEXT)).getBody();
        assertThat(Base64.getDecoder().decode(aes256.getPlaintext())).hasSize(32);
        assertThat(aes256.getKeyId()).isEqualTo(key.getKeyId());
        assertThat(aes256.getKeyVersionId()).isEqualTo(key.getPrimaryKeyVersion());
        assertThat(aes256.getRequestId()).isNotBlank();
        DecryptResponseBody d = api.admin.decrypt(new DecryptRequest().setCiphertextBlob(aes256.getCiphertextBlob())
                .setEncryptionContext(CONTEXT)).getBody();
        assertThat(d.getPlaintext()).isEqualTo(aes256.getPlaintext());
        assertThat(d.getKeyVersionId()).isEqualTo(aes256.getKeyVersionId());

        GenerateDataKeyResponseBody aes128 = api.admin.generateDataKey(new GenerateDataKeyRequest()
                .setKeyId(key.getArn()).setKeySpec("AES_128")).getBody();
        assertThat(Base64.getDecoder().decode(aes128.getPlaintext())).hasSize(16);
        GenerateDataKeyResponseBody sized = api.admin.generateDataKey(new GenerateDataKeyRequest()
                .setKeyId(key.getKeyId()).setKeySpec("AES_128").setNumberOfBytes(48)).getBody();
        assertThat(Base64.getDecoder().decode(sized.getPlaintext())).hasSize(48);
        assertThat(sized.getPlaintext()).isNotEqualTo(aes256.getPlaintext());
        assertThat(api.admin.decrypt(new DecryptRequest().setCiphertextBlob(sized.getCiphertextBlob()))
                .getBody().getPlaintext()).isEqualTo(sized.getPlaintext());
    }

    @Test
    void aWrongOrMissingContextOrAnAlteredBlobIsInvalidCiphertextAndTellsNoValue() throws Exception {
        String keyId = createKey(null).getKeyId();
        String blob = api.admin.encrypt(new EncryptRequest().setKeyId(keyId).setPlaintext("the plaintext")
                .setEncryptionContext(CONTEXT)).getBody().getCiphertextBlob();
        byte[] raw = Base64.getDecoder().decode(blob);
        raw[raw.length - 20] ^= 1; // a bit of the ciphertext, past the header
        String altered = Base64.getEncoder().encodeToString(raw);

        List<Callable<?>> calls = List.of(
                () -> api.admin.decrypt(new DecryptRequest().setCiphertextBlob(blob)),
                () -> api.admin.decrypt(new DecryptRequest().setCiphertextBlob(blob)
                        .setEncryptionContext(Map.of("app", "billing", "purpose", "other"))),
                () -> api.admin.decrypt(new DecryptRequest().setCiphertextBlob(blob)
                        .setEncryptionContext(Map.of("app", "billing"))),
                () -> api.admin.decrypt(new DecryptRequest().setCiphertextBlob(altered).setEncryptionContext(CONTEXT)));
        for (Callable<?> call : calls) {
            TeaException e = refusedInFull(call::call, 400, "InvalidCiphertext");
            assertThat(message(e)).startsWith("CiphertextBlob: ")
                    .doesNotContain("the plaintext", "billing", "db-password", "other");
        }
        // Not the blob's fault but the caller's: still the same blob decrypts with the right context.
        assertThat(api.admin.decrypt(new DecryptRequest().setCiphertextBlob(blob).setEncryptionContext(CONTEXT))
                .getBody().getPlaintext()).isEqualTo("the plaintext");
    }

    @Test
    void anAsymmetricKeyIsMadeAndDescribedButEncryptsNothing() throws Exception {
        CreateKeyResponseBodyKeyMetadata rsa = createKey("RSA_2048");
        assertThat(rsa.getKeySpec()).isEqualTo("RSA_2048");
        assertThat(rsa.getKeyUsage()).isEqualTo("SIGN/VERIFY");
        assertThat(rsa.getPrimaryKeyVersion()).isNull(); // Alibaba: unavailable for asymmetric keys
        CreateKeyResponseBodyKeyMetadata rsaForEncryption = api.admin.createKey(new CreateKeyRequest()
                .setKeySpec("RSA_2048").setKeyUsage("ENCRYPT/DECRYPT")).getBody().getKeyMetadata();
        assertThat(rsaForEncryption.getKeyUsage()).isEqualTo("ENCRYPT/DECRYPT");

        for (String keyId : List.of(rsa.getKeyId(), rsaForEncryption.getArn())) {
            TeaException e = refusedInFull(() -> api.admin.encrypt(new EncryptRequest().setKeyId(keyId).setPlaintext("x")),
                    400, "InvalidParameter");
            assertThat(message(e)).startsWith("KeyId: ").contains("RSA_2048", "symmetric");
            TeaException g = refusedInFull(() -> api.admin.generateDataKey(new GenerateDataKeyRequest().setKeyId(keyId)),
                    400, "InvalidParameter");
            assertThat(message(g)).startsWith("KeyId: ").contains("symmetric");
        }
    }

    @Test
    void aSecretCannotBeEncryptedWithAnAsymmetricKeyButWithASymmetricOneByIdOrArn() throws Exception {
        CreateKeyResponseBodyKeyMetadata rsa = createKey("RSA_2048");
        CreateKeyResponseBodyKeyMetadata aes = createKey("Aliyun_AES_256");
        int secretsBefore = api.worker.store().list(null, 1000).size();
        for (String keyId : List.of(rsa.getKeyId(), rsa.getArn())) {
            RotatorException e = catchThrowableOfType(() -> api.worker.secrets().create(newSecret("rsa-secret", keyId)),
                    RotatorException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).isEqualTo("EncryptionKeyId: the key must be symmetric");
        }
        assertThat(api.worker.store().list(null, 1000)).hasSize(secretsBefore);

        api.worker.secrets().create(newSecret("aes-secret", aes.getArn()));
        assertThat(api.worker.store().find("aes-secret").orElseThrow().encryptionKeyId()).isEqualTo(aes.getKeyId());
        assertThat(api.worker.secrets().getValue("aes-secret", null, null, false).secretData().text())
                .isEqualTo("value of aes-secret");
    }

    @Test
    void createSecretThroughTheSdkRefusesAnAsymmetricKeyNamingEncryptionKeyId() throws Exception {
        CreateKeyResponseBodyKeyMetadata rsa = createKey("RSA_2048");
        TeaException e = createSecretThroughTheSdk("sdk-rsa-secret", rsa.getArn());
        assertThat(e).isNotNull();
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getCode()).isEqualTo("InvalidParameter");
        assertThat(message(e)).startsWith("EncryptionKeyId: ").contains("symmetric");
        assertThat(api.worker.store().find("sdk-rsa-secret")).isEmpty();
    }

    @Test
    void createSecretThroughTheSdkWithAKeyFromCreateKeyIsReadBack() throws Exception {
        CreateKeyResponseBodyKeyMetadata aes = createKey("Aliyun_AES_256");
        assertThat(createSecretThroughTheSdk("sdk-aes-secret", aes.getArn())).isNull();
        assertThat(api.admin.getSecretValue(new GetSecretValueRequest().setSecretName("sdk-aes-secret"))
                .getBody().getSecretData()).isEqualTo("value of sdk-aes-secret");
        assertThat(api.worker.store().find("sdk-aes-secret").orElseThrow().encryptionKeyId()).isEqualTo(aes.getKeyId());
    }

    /** CreateSecret through the SDK: null when it succeeded, else its TeaException. */
    private TeaException createSecretThroughTheSdk(String name, String keyId) {
        TeaException e = catchThrowableOfType(() -> api.admin.createSecret(new CreateSecretRequest()
                .setSecretName(name).setVersionId("v1").setSecretData("value of " + name)
                .setEncryptionKeyId(keyId)), TeaException.class);
        return e;
    }

    @Test
    void aReaderCallingAnyKeyActionIsForbiddenAndNothingHappens() throws Exception {
        String keyId = createKey(null).getKeyId();
        String blob = api.admin.encrypt(new EncryptRequest().setKeyId(keyId).setPlaintext("p")).getBody()
                .getCiphertextBlob();
        int keys = api.keyCount();
        List<Callable<?>> calls = List.of(
                () -> api.reader.createKey(new CreateKeyRequest()),
                () -> api.reader.describeKey(new DescribeKeyRequest().setKeyId(keyId)),
                () -> api.reader.listKeys(new ListKeysRequest()),
                () -> api.reader.generateDataKey(new GenerateDataKeyRequest().setKeyId(keyId)),
                () -> api.reader.encrypt(new EncryptRequest().setKeyId(keyId).setPlaintext("p")),
                () -> api.reader.decrypt(new DecryptRequest().setCiphertextBlob(blob)));
        for (Callable<?> call : calls) {
            TeaException e = refusedInFull(call::call, 403, "Forbidden.NoPermission");
            assertThat(message(e)).isEqualTo("You are not authorized to perform the operation.");
        }
        assertThat(api.keyCount()).isEqualTo(keys);
    }

    private static NewSecretRequest newSecret(String name, String keyId) {
        return new NewSecretRequest(name, "v1", NewSecretRequest.utf8("value of " + name), null, null, null, null,
                false, null, keyId, null);
    }
}
