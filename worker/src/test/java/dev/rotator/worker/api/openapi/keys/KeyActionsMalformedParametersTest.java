package dev.rotator.worker.api.openapi.keys;

import com.aliyun.kms20160120.models.CreateKeyRequest;
import com.aliyun.kms20160120.models.EncryptRequest;
import dev.rotator.worker.testing.MalformedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.rotator.worker.testing.MalformedRequest.bad;
import static dev.rotator.worker.testing.MalformedRequest.invalid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed parameters on every key action, signed and sent by the official client: each is a 4xx in the
 * Alibaba error shape whose message starts with the field, never a 500, never a value that may be secret,
 * and no key is made. {@code {aes}}, {@code {rsa}} and {@code {blob}} stand for a symmetric key, an RSA key
 * and a good ciphertext made before the cases run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyActionsMalformedParametersTest {
    /** Marks values that must never come back in a message. */
    private static final String SECRET = "s3cr3t";
    private static final String NOT_A_CONTEXT = "must be a JSON object of string values";

    @TempDir
    static Path dataDir;
    private KeyApiWorker api;
    private final Map<String, String> placeholders = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        api = new KeyApiWorker(dataDir);
        placeholders.put("{aes}", api.admin.createKey(new CreateKeyRequest()).getBody().getKeyMetadata().getKeyId());
        placeholders.put("{rsa}", api.admin.createKey(new CreateKeyRequest().setKeySpec("RSA_2048")).getBody()
                .getKeyMetadata().getKeyId());
        placeholders.put("{blob}", api.admin.encrypt(new EncryptRequest().setKeyId(placeholders.get("{aes}"))
                .setPlaintext(SECRET)).getBody().getCiphertextBlob());
    }

    @AfterAll
    void stop() {
        api.close();
    }

    static Stream<MalformedRequest> cases() {
        String tooLongPlaintext = SECRET + "é".repeat(3070); // 6,150 bytes in UTF-8, 3,076 characters
        String notOurs = Base64.getEncoder().encodeToString((SECRET + " but not a ciphertext of ours")
                .getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                // CreateKey
                invalid("CreateKey", "KeySpec: must be one of", "KeySpec", "RSA_1024"),
                invalid("CreateKey", "KeySpec: must be one of", "KeySpec", "aliyun_aes_256"),
                invalid("CreateKey", "KeyUsage: a Aliyun_AES_256 key can be used for ENCRYPT/DECRYPT only",
                        "KeyUsage", "SIGN/VERIFY"),
                invalid("CreateKey", "KeyUsage: a EC_P256 key can be used for SIGN/VERIFY only",
                        "KeySpec", "EC_P256", "KeyUsage", "ENCRYPT/DECRYPT"),
                invalid("CreateKey", "Description: ", "Description", "d".repeat(8_193)),
                invalid("CreateKey", "Origin: must be Aliyun_KMS", "Origin", "EXTERNAL"),
                invalid("CreateKey", "ProtectionLevel: must be SOFTWARE", "ProtectionLevel", "HSM"),
                invalid("CreateKey", "EnableAutomaticRotation: must be true or false",
                        "EnableAutomaticRotation", "yes"),
                invalid("CreateKey", "EnableAutomaticRotation: automatic key rotation is not supported",
                        "EnableAutomaticRotation", "true", "RotationInterval", "365d"),
                invalid("CreateKey", "Policy: ", "Policy", "{\"Version\":\"1\",\"Statement\":[]}"),
                invalid("CreateKey", "Tags: ", "Tags", "[{\"TagKey\":\"env\",\"TagValue\":\"prod\"}]"),
                invalid("CreateKey", "DKMSInstanceId: ", "DKMSInstanceId", "kst-hzz62ee817bvyyr5x****"),
                // DescribeKey
                bad("DescribeKey", 400, "MissingParameter", "KeyId: is required"),
                bad("DescribeKey", 400, "MissingParameter", "KeyId: is required", "KeyId", ""),
                bad("DescribeKey", 404, "Forbidden.KeyNotFound", "KeyId: key ", "KeyId", "key-000000000000000000000000"),
                bad("DescribeKey", 404, "Forbidden.KeyNotFound", "KeyId: key ", "KeyId", "alias/billing"),
                bad("DescribeKey", 404, "Forbidden.KeyNotFound", "KeyId: key ",
                        "KeyId", "acs:kms:cn-beijing:" + KeyApiWorker.ACCOUNT + ":key/{aes}"),
                // ListKeys
                invalid("ListKeys", "PageSize: must be an integer from 1 to 100", "PageSize", "0"),
                invalid("ListKeys", "PageSize: must be an integer from 1 to 100", "PageSize", "101"),
                invalid("ListKeys", "PageSize: must be an integer from 1 to 100", "PageSize", "ten"),
                invalid("ListKeys", "PageNumber: must be an integer from 1 to", "PageNumber", "0"),
                invalid("ListKeys", "PageNumber: must be an integer from 1 to", "PageNumber", "-3"),
                invalid("ListKeys", "PageNumber: must be an integer from 1 to", "PageNumber", "99999999999"),
                invalid("ListKeys", "PageNumber: must be an integer from 1 to", "PageNumber", "1.5"),
                invalid("ListKeys", "Filters: ", "Filters", "[{\"Key\":\"KeyState\",\"Values\":[\"Enabled\"]}]"),
                // GenerateDataKey
                bad("GenerateDataKey", 400, "MissingParameter", "KeyId: is required", "NumberOfBytes", "32"),
                invalid("GenerateDataKey", "NumberOfBytes: must be an integer from 1 to 1024",
                        "KeyId", "{aes}", "NumberOfBytes", "0"),
                invalid("GenerateDataKey", "NumberOfBytes: must be an integer from 1 to 1024",
                        "KeyId", "{aes}", "NumberOfBytes", "1025"),
                invalid("GenerateDataKey", "NumberOfBytes: must be an integer from 1 to 1024",
                        "KeyId", "{aes}", "NumberOfBytes", "thirty-two"),
                invalid("GenerateDataKey", "KeySpec: must be AES_256 or AES_128", "KeyId", "{aes}", "KeySpec", "AES_512"),
                invalid("GenerateDataKey", "EncryptionContext: " + NOT_A_CONTEXT,
                        "KeyId", "{aes}", "EncryptionContext", "{\"app\":\"" + SECRET),
                invalid("GenerateDataKey", "EncryptionContext: " + NOT_A_CONTEXT,
                        "KeyId", "{aes}", "EncryptionContext", "[\"" + SECRET + "\"]"),
                invalid("GenerateDataKey", "KeyId: key ", "KeyId", "{rsa}"),
                bad("GenerateDataKey", 404, "Forbidden.KeyNotFound", "KeyId: key ",
                        "KeyId", "key-000000000000000000000000"),
                invalid("GenerateDataKey", "DryRun: must be true or false", "KeyId", "{aes}", "DryRun", "maybe"),
                invalid("GenerateDataKey", "DryRun: dry runs are not supported", "KeyId", "{aes}", "DryRun", "true"),
                // Encrypt
                bad("Encrypt", 400, "MissingParameter", "KeyId: is required", "Plaintext", SECRET),
                bad("Encrypt", 400, "MissingParameter", "Plaintext: is required", "KeyId", "{aes}"),
                bad("Encrypt", 400, "MissingParameter", "Plaintext: is required", "KeyId", "{aes}", "Plaintext", ""),
                invalid("Encrypt", "Plaintext: at most 6144 bytes", "KeyId", "{aes}", "Plaintext", tooLongPlaintext),
                invalid("Encrypt", "EncryptionContext: " + NOT_A_CONTEXT, "KeyId", "{aes}", "Plaintext", SECRET,
                        "EncryptionContext", "{\"app\":1}"),
                invalid("Encrypt", "EncryptionContext: " + NOT_A_CONTEXT, "KeyId", "{aes}", "Plaintext", SECRET,
                        "EncryptionContext", "{\"app\":{\"nested\":\"" + SECRET + "\"}}"),
                invalid("Encrypt", "EncryptionContext: " + NOT_A_CONTEXT, "KeyId", "{aes}", "Plaintext", SECRET,
                        "EncryptionContext", "{\"app\":\"a\",\"app\":\"" + SECRET + "\"}"),
                invalid("Encrypt", "EncryptionContext: " + NOT_A_CONTEXT, "KeyId", "{aes}", "Plaintext", SECRET,
                        "EncryptionContext", "{\"app\":\"a\"} " + SECRET),
                invalid("Encrypt", "KeyId: key ", "KeyId", "{rsa}", "Plaintext", SECRET),
                invalid("Encrypt", "DryRun: dry runs are not supported", "KeyId", "{aes}", "Plaintext", SECRET,
                        "DryRun", "TRUE"),
                // Decrypt
                bad("Decrypt", 400, "MissingParameter", "CiphertextBlob: is required"),
                bad("Decrypt", 400, "MissingParameter", "CiphertextBlob: is required", "CiphertextBlob", ""),
                invalid("Decrypt", "CiphertextBlob: must be base64", "CiphertextBlob", "%%" + SECRET + "%%"),
                bad("Decrypt", 400, "InvalidCiphertext", "CiphertextBlob: ", "CiphertextBlob", notOurs),
                bad("Decrypt", 400, "InvalidCiphertext", "CiphertextBlob: ", "CiphertextBlob", "{blob}",
                        "EncryptionContext", "{\"app\":\"" + SECRET + "\"}"),
                invalid("Decrypt", "EncryptionContext: " + NOT_A_CONTEXT, "CiphertextBlob", "{blob}",
                        "EncryptionContext", "not json " + SECRET),
                invalid("Decrypt", "DryRun: must be true or false", "CiphertextBlob", "{blob}", "DryRun", "1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAClientErrorNamingTheFieldAndChangesNothing(MalformedRequest c) throws Exception {
        int keys = api.keyCount();

        assertThat(c.sendAndExpectRefusal(api.admin, this::fill)).doesNotContain(SECRET);
        assertThat(api.keyCount()).isEqualTo(keys);
    }

    private String fill(String value) {
        String out = value;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            out = out.replace(p.getKey(), p.getValue());
        }
        return out;
    }
}
