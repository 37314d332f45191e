package dev.rotator.worker.keys;

import static dev.rotator.core.validation.NewSecretRequest.utf8;
import static dev.rotator.worker.testing.Bytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.Secret;
import dev.rotator.core.Stages;
import dev.rotator.core.engine.RotatorRegistry;
import dev.rotator.core.service.SecretService;
import dev.rotator.core.spi.KeyDirectory;
import dev.rotator.core.validation.NewSecretRequest;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.RingMaterial;
import dev.rotator.worker.crypto.RootKey;
import dev.rotator.worker.store.Database;
import dev.rotator.worker.store.Dialect;
import dev.rotator.worker.store.JdbcSecretStore;
import dev.rotator.worker.testing.TestDatabases;
import dev.rotator.worker.testing.TestDatabases.EmptyDatabase;
import dev.rotator.worker.testing.TestDatabases.TestDatabase;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The key service on the real store schema, the same on H2, PostgreSQL and MariaDB: each database has a
 * subclass that runs these cases on a fresh database of its own. Cases create their own keys and look only
 * at those, since the database is shared by the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyServiceContract {
    private static final String REGION = "cn-hangzhou";
    private static final String ACCOUNT = "1234567890123456";
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final TestDatabases kind;
    private TestDatabase db;
    private RootKey rootKey;
    private LocalKeyRing ring;
    private KeyService keys;

    KeyServiceContract(TestDatabases kind) {
        this.kind = kind;
    }

    @BeforeAll
    void open() {
        db = kind.create();
        rootKey = RootKey.generate();
        ring = new LocalKeyRing(db.database().dataSource(), rootKey);
        ring.ensureDefaultKey();
        keys = new KeyService(ring, REGION, ACCOUNT);
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    private String aesKey() {
        return keys.createKey(CreateKeyRequest.of(null, null, null), null).keyId();
    }

    // ---------------------------------------------------------------- CreateKey, DescribeKey

    @Test
    void createKeyAnswersEveryMetadataFieldAndDescribeKeyAgreesByIdAndArn() {
        Instant before = Instant.now().minusSeconds(1);
        KeyMetadata m = keys.createKey(CreateKeyRequest.of(null, null, "orders database"), "LTAI-operator");

        assertThat(m.keyId()).matches("key-[0-9a-f]{24}");
        assertThat(m.arn()).isEqualTo("acs:kms:cn-hangzhou:1234567890123456:key/" + m.keyId());
        assertThat(m.keySpec()).isEqualTo("Aliyun_AES_256");
        assertThat(m.keyUsage()).isEqualTo("ENCRYPT/DECRYPT");
        assertThat(m.keyState()).isEqualTo("Enabled");
        assertThat(m.description()).isEqualTo("orders database");
        assertThat(m.creator()).isEqualTo("LTAI-operator");
        assertThat(m.origin()).isEqualTo("Aliyun_KMS");
        assertThat(m.protectionLevel()).isEqualTo("SOFTWARE");
        assertThat(m.automaticRotation()).isEqualTo("Disabled");
        assertThat(m.deletionProtection()).isEqualTo("Disabled");
        assertThat(m.primaryKeyVersion()).matches(UUID);
        assertThat(m.creationDate()).matches(TIME);
        assertThat(Instant.parse(m.creationDate())).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(m.lastRotationDate()).isEqualTo(m.creationDate());
        assertThat(List.of(nullable(m.deleteDate()), nullable(m.nextRotationDate()), nullable(m.rotationInterval()),
                nullable(m.materialExpireTime()), nullable(m.dkmsInstanceId()))).containsOnly("absent");

        assertThat(keys.describeKey(m.keyId())).isEqualTo(m);
        assertThat(keys.describeKey(m.arn())).isEqualTo(m);
        // Without a named creator the key belongs to the account, as Alibaba shows it.
        assertThat(keys.createKey(CreateKeyRequest.of("Aliyun_SM4", null, null), null).creator()).isEqualTo(ACCOUNT);
    }

    private static String nullable(String s) {
        return s == null ? "absent" : s;
    }

    @Test
    void createKeyRefusesWhatItCannotDoNamingTheFieldAndWritesNothing() {
        int before = ring.records().size();
        Map<String, CreateKeyRequest> bad = new java.util.LinkedHashMap<>();
        bad.put("KeySpec", CreateKeyRequest.of("AES_256", null, null));
        bad.put("KeyUsage", CreateKeyRequest.of("Aliyun_AES_256", "SIGN/VERIFY", null));
        bad.put("KeyUsage ", CreateKeyRequest.of("EC_P256", "ENCRYPT/DECRYPT", null));
        bad.put("Description", CreateKeyRequest.of(null, null, "x".repeat(8_193)));
        bad.put("Origin", new CreateKeyRequest(null, null, null, "EXTERNAL", null, null, null, null, null, null));
        bad.put("ProtectionLevel", new CreateKeyRequest(null, null, null, null, "HSM", null, null, null, null, null));
        bad.put("EnableAutomaticRotation", new CreateKeyRequest(null, null, null, null, null, true, "365d", null, null, null));
        bad.put("Policy", new CreateKeyRequest(null, null, null, null, null, null, null, "{\"Version\":\"1\"}", null, null));
        bad.put("Tags", new CreateKeyRequest(null, null, null, null, null, null, null, null,
                "[{\"TagKey\":\"k\",\"TagValue\":\"v\"}]", null));
        bad.put("DKMSInstanceId", new CreateKeyRequest(null, null, null, null, null, null, null, null, null, "kst-1"));
        bad.forEach((field, request) -> assertThatThrownBy(() -> keys.createKey(request, null)).as(field)
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageStartingWith(field.trim() + ": "));
        assertThat(ring.records()).hasSize(before);

        // The accepted edges: explicit defaults, rotation explicitly off (its interval ignored, as Alibaba does).
        KeyMetadata ok = keys.createKey(new CreateKeyRequest("Aliyun_AES_256", "ENCRYPT/DECRYPT", "x".repeat(8_192),
                "Aliyun_KMS", "SOFTWARE", false, "bogus", "", " ", null), null);
        assertThat(keys.describeKey(ok.keyId()).description()).hasSize(8_192);
    }

    @Test
    void asymmetricKeysExistButEncryptAndGenerateDataKeyRefuseThemNamingKeyId() {
        KeyMetadata rsa = keys.createKey(CreateKeyRequest.of("RSA_2048", null, "signing"), null);
        KeyMetadata ec = keys.createKey(CreateKeyRequest.of("EC_P256K", "SIGN/VERIFY", null), null);
        KeyMetadata rsaEncrypt = keys.createKey(CreateKeyRequest.of("RSA_2048", "ENCRYPT/DECRYPT", null), null);
        assertThat(rsa.keyUsage()).isEqualTo("SIGN/VERIFY");
        assertThat(rsa.primaryKeyVersion()).isNull(); // Alibaba: not available for asymmetric keys
        assertThat(keys.describeKey(ec.keyId()).keySpec()).isEqualTo("EC_P256K");

        for (KeyMetadata key : List.of(rsa, ec, rsaEncrypt)) {
            String rule = "KeyId: key '" + key.keyId() + "' is " + key.keySpec() + " (" + key.keyUsage() + "); %s needs"
                    + " a symmetric key (Aliyun_AES_256 or Aliyun_SM4)";
            assertThatThrownBy(() -> keys.encrypt(key.arn(), "hello", null))
                    .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                    .hasMessage(rule, "Encrypt");
            assertThatThrownBy(() -> keys.generateDataKey(key.keyId(), null, null, null))
                    .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                    .hasMessage(rule, "GenerateDataKey");
        }
    }

    @Test
    void anUnknownKeyIsForbiddenKeyNotFound() {
        String other = "acs:kms:cn-beijing:1234567890123456:key/" + aesKey(); // a real id, but another region
        for (String id : List.of("key-000000000000000000000000", other, "acs:kms:cn-hangzhou:999:key/key-rotator-default",
                "alias/orders")) {
            assertThatThrownBy(() -> keys.describeKey(id)).as(id)
                    .isInstanceOfSatisfying(RotatorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND);
                        assertThat(e.code().httpStatus()).isEqualTo(404);
                        assertThat(e.code().code()).isEqualTo("Forbidden.KeyNotFound");
                    })
                    .hasMessageStartingWith("KeyId: key '" + id + "' does not exist");
            assertThatThrownBy(() -> keys.encrypt(id, "x", null)).isInstanceOfSatisfying(RotatorException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND));
        }
        assertThatThrownBy(() -> keys.describeKey("alias/orders")).hasMessageContaining("aliases are not supported");
        assertThatThrownBy(() -> keys.describeKey(null)).isInstanceOfSatisfying(RotatorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PARAMETER)).hasMessage("KeyId: is required");
    }

    // ---------------------------------------------------------------- ListKeys

    @Test
    void listKeysPagesThroughEveryKeyOnce() {
        List<String> mine = List.of(aesKey(), aesKey(), aesKey());
        List<KeyPage.Entry> all = new ArrayList<>();
        KeyPage page;
        int number = 1;
        do {
            page = keys.listKeys(number, 2, null);
            assertThat(page.pageNumber()).isEqualTo(number);
            assertThat(page.pageSize()).isEqualTo(2);
            assertThat(page.keys().size()).isLessThanOrEqualTo(2);
            all.addAll(page.keys());
            number++;
        } while (!page.keys().isEmpty());
        assertThat(all).hasSize(page.totalCount());
        assertThat(all).extracting(KeyPage.Entry::keyId).containsAll(mine).doesNotHaveDuplicates()
                .contains(LocalKeyRing.DEFAULT_KEY_ID);
        assertThat(all).allSatisfy(e -> assertThat(e.keyArn()).isEqualTo(keys.arn(e.keyId())));
        // Oldest first (keys made in the same millisecond in key id order).
        assertThat(all).extracting(e -> keys.describeKey(e.keyId()).creationDate()).isSorted();

        KeyPage byDefault = keys.listKeys(null, null, "");
        assertThat(byDefault.pageNumber()).isEqualTo(1);
        assertThat(byDefault.pageSize()).isEqualTo(10);
        assertThat(byDefault.keys()).isEqualTo(all.subList(0, Math.min(10, all.size())));
        assertThat(keys.listKeys(1, 100, null).keys()).isEqualTo(all.subList(0, Math.min(100, all.size())));
        assertThat(keys.listKeys(1, 1, null).keys()).containsExactly(all.get(0));
    }

    @Test
    void listKeysRefusesBadPagingNamingTheField() {
        assertRefused(() -> keys.listKeys(0, null, null), ErrorCode.INVALID_PARAMETER, "PageNumber: must be 1 or more");
        assertRefused(() -> keys.listKeys(null, 0, null), ErrorCode.INVALID_PARAMETER, "PageSize: must be from 1 to 100");
        assertRefused(() -> keys.listKeys(null, 101, null), ErrorCode.INVALID_PARAMETER, "PageSize: must be from 1 to 100");
        assertRefused(() -> keys.listKeys(null, null, "[{\"Key\":\"KeyState\",\"Values\":[\"Enabled\"]}]"),
                ErrorCode.INVALID_PARAMETER, "Filters: filtering keys is not supported; page through all keys instead");
    }

    // ---------------------------------------------------------------- Encrypt, Decrypt

    @Test
    void encryptThenDecryptGivesThePlaintextBackWithKeyAndVersion() {
        String aes = aesKey();
        String sm4 = keys.createKey(CreateKeyRequest.of("Aliyun_SM4", null, null), null).keyId();
        String unicode = "pä$$wörd ✓ 密码";
        String sixKb = "é".repeat(3_072); // 6,144 bytes in UTF-8: the limit
        for (String keyId : List.of(aes, sm4, LocalKeyRing.DEFAULT_KEY_ID)) {
            String version = keys.describeKey(keyId).primaryKeyVersion();
            for (String text : List.of("hello", unicode, sixKb)) {
                EncryptResult e = keys.encrypt(keyId, text, "{\"app\":\"orders\"}");
                assertThat(e.keyId()).isEqualTo(keyId);
                assertThat(e.keyVersionId()).isEqualTo(version);
                assertThat(e.ciphertextBlob()).doesNotContain(text);
                assertThat(keys.decrypt(e.ciphertextBlob(), "{\"app\":\"orders\"}"))
                        .isEqualTo(new DecryptResult(keyId, version, text));
            }
        }
        // An ARN is answered with the bare key id; the same plaintext twice gives two ciphertexts.
        EncryptResult viaArn = keys.encrypt(keys.arn(aes), "hello", null);
        assertThat(viaArn.keyId()).isEqualTo(aes);
        assertThat(keys.encrypt(aes, "hello", null).ciphertextBlob()).isNotEqualTo(viaArn.ciphertextBlob());
    }

    @Test
    void encryptRefusesMissingAndOversizedPlaintext() {
        String aes = aesKey();
        assertRefused(() -> keys.encrypt(aes, "é".repeat(3_072) + "x", null), ErrorCode.INVALID_PARAMETER,
                "Plaintext: at most 6144 bytes (6 KB); encrypt larger data with a data key from GenerateDataKey");
        assertRefused(() -> keys.encrypt(aes, null, null), ErrorCode.MISSING_PARAMETER, "Plaintext: is required");
        assertRefused(() -> keys.encrypt(aes, "", null), ErrorCode.MISSING_PARAMETER, "Plaintext: is required");
        assertRefused(() -> keys.encrypt("", "x", null), ErrorCode.MISSING_PARAMETER, "KeyId: is required");
    }

    @Test
    void theEncryptionContextMustMatchMemberForMemberInAnyOrder() {
        String aes = aesKey();
        String blob = keys.encrypt(aes, "hello", "{\"app\":\"orders\",\"env\":\"prod\"}").ciphertextBlob();
        assertThat(keys.decrypt(blob, "{ \"env\" : \"prod\", \"app\" : \"orders\" }").plaintext()).isEqualTo("hello");

        for (String other : new String[] {null, "{}", "{\"app\":\"orders\"}", "{\"app\":\"orders\",\"env\":\"dev\"}",
                "{\"app\":\"orders\",\"env\":\"prod\",\"x\":\"y\"}", "{\"APP\":\"orders\",\"env\":\"prod\"}"}) {
            assertRefused(() -> keys.decrypt(blob, other), ErrorCode.INVALID_CIPHERTEXT, "CiphertextBlob: cannot be"
                    + " decrypted with key '" + aes + "': it was altered, or EncryptionContext is not the one it was"
                    + " encrypted with");
        }
        // No context, a blank one and {} are the same empty context.
        String plain = keys.encrypt(aes, "hello", null).ciphertextBlob();
        assertThat(keys.decrypt(plain, "{}").plaintext()).isEqualTo("hello");
        assertThat(keys.decrypt(plain, " ").plaintext()).isEqualTo("hello");
        assertRefused(() -> keys.decrypt(plain, "{\"a\":\"b\"}"), ErrorCode.INVALID_CIPHERTEXT, null);
    }

    @Test
    void aMalformedEncryptionContextIsInvalidParameterEverywhere() {
        String aes = aesKey();
        String blob = keys.encrypt(aes, "hello", null).ciphertextBlob();
        String rule = "EncryptionContext: must be a JSON object of string values, e.g. {\"Example\":\"Example\"}";
        for (String bad : List.of("not json", "[\"a\"]", "\"a\"", "{\"n\":1}", "{\"a\":{\"b\":\"c\"}}",
                "{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":\"1\"} trailing", "{\"a\":null}")) {
            assertRefused(() -> keys.encrypt(aes, "hello", bad), ErrorCode.INVALID_PARAMETER, rule);
            assertRefused(() -> keys.decrypt(blob, bad), ErrorCode.INVALID_PARAMETER, rule);
            assertRefused(() -> keys.generateDataKey(aes, null, null, bad), ErrorCode.INVALID_PARAMETER, rule);
        }
        assertRefused(() -> keys.encrypt(aes, "hello", "{\"k\":\"" + "v".repeat(8_192) + "\"}"),
                ErrorCode.INVALID_PARAMETER, "EncryptionContext: at most 8192 characters");
    }

    @Test
    void everySingleBitFlipInABlobIsAClearErrorNeverAPlaintext() {
        String aes = aesKey();
        byte[] blob = Base64.getDecoder().decode(keys.encrypt(aes, "the plaintext", null).ciphertextBlob());
        for (int i = 0; i < blob.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] tampered = blob.clone();
                tampered[i] ^= (byte) bit;
                String text = Base64.getEncoder().encodeToString(tampered);
                int at = i;
                assertThatThrownBy(() -> keys.decrypt(text, null)).as("byte %d", at)
                        .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code())
                                .isIn(ErrorCode.INVALID_CIPHERTEXT, ErrorCode.KEY_NOT_FOUND))
                        .hasMessageStartingWith("CiphertextBlob: ").hasMessageNotContaining("plaintext");
            }
        }
    }

    @Test
    void truncatedForeignAndNonBase64BlobsAreRefusedClearly() {
        String aes = aesKey();
        String blob = keys.encrypt(aes, "hello", null).ciphertextBlob();
        byte[] raw = Base64.getDecoder().decode(blob);
        String notOurs = "CiphertextBlob: is not a ciphertext made by this server's Encrypt or GenerateDataKey";
        for (int cut : new int[] {0, 1, 5, raw.length - 28 - 1}) {
            String truncated = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, cut));
            assertRefused(() -> keys.decrypt(truncated, null), cut == 0 ? ErrorCode.MISSING_PARAMETER
                    : ErrorCode.INVALID_CIPHERTEXT, cut == 0 ? "CiphertextBlob: is required" : notOurs);
        }
        String shortTag = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, raw.length - 1));
        assertRefused(() -> keys.decrypt(shortTag, null), ErrorCode.INVALID_CIPHERTEXT, null);
        assertRefused(() -> keys.decrypt("%%% not base64 %%%", null), ErrorCode.INVALID_PARAMETER,
                "CiphertextBlob: must be base64");
        assertRefused(() -> keys.decrypt(Base64.getEncoder().encodeToString("hello world, not a blob at all!".getBytes()),
                null), ErrorCode.INVALID_CIPHERTEXT, notOurs);
    }

    @Test
    void aBlobNamesItsKeyAndOnlyThatKeyOpensIt() throws Exception {
        String a = aesKey();
        String b = aesKey();
        String blob = keys.encrypt(a, "for a", null).ciphertextBlob();
        assertThat(keys.decrypt(blob, null).keyId()).isEqualTo(a);

        // Rewriting the blob's header to name key b (same id length) does not make b open a's ciphertext.
        String relabelled = Base64.getEncoder().encodeToString(new String(Base64.getDecoder().decode(blob),
                StandardCharsets.ISO_8859_1).replace(a, b).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(relabelled).isNotEqualTo(blob);
        assertRefused(() -> keys.decrypt(relabelled, null), ErrorCode.INVALID_CIPHERTEXT, null);

        // Another server: its default key has our default key's id, but other material and version.
        try (TestDatabase otherDb = TestDatabases.H2.create()) {
            LocalKeyRing otherRing = new LocalKeyRing(otherDb.database().dataSource(), RootKey.generate());
            otherRing.ensureDefaultKey();
            KeyService other = new KeyService(otherRing, REGION, ACCOUNT);
            String foreign = other.encrypt(LocalKeyRing.DEFAULT_KEY_ID, "elsewhere", null).ciphertextBlob();
            assertRefused(() -> keys.decrypt(foreign, null), ErrorCode.INVALID_CIPHERTEXT, null);
            String foreignKey = other.createKey(CreateKeyRequest.of(null, null, null), null).keyId();
            String foreignBlob = other.encrypt(foreignKey, "elsewhere", null).ciphertextBlob();
            assertRefused(() -> keys.decrypt(foreignBlob, null), ErrorCode.KEY_NOT_FOUND,
                    "CiphertextBlob: it was encrypted with key '" + foreignKey + "', which does not exist");
        }
    }

    @Test
    void aDisabledKeyIsRejectedDisabledForEveryOperationUntilEnabledAgain() {
        String aes = aesKey();
        String blob = keys.encrypt(aes, "hello", null).ciphertextBlob();
        ring.disable(aes);
        assertThat(keys.describeKey(aes).keyState()).isEqualTo("Disabled");
        String rule = "KeyId: key '" + aes + "' is disabled";
        assertRefused(() -> keys.encrypt(aes, "hello", null), ErrorCode.KEY_DISABLED, rule);
        assertRefused(() -> keys.generateDataKey(aes, null, null, null), ErrorCode.KEY_DISABLED, rule);
        assertRefused(() -> keys.decrypt(blob, null), ErrorCode.KEY_DISABLED, rule);
        assertThat(ErrorCode.KEY_DISABLED.code()).isEqualTo("Rejected.Disabled");
        assertThat(ErrorCode.KEY_DISABLED.httpStatus()).isEqualTo(409);
        ring.enable(aes);
        assertThat(keys.decrypt(blob, null).plaintext()).isEqualTo("hello");
    }

    // ---------------------------------------------------------------- GenerateDataKey

    @Test
    void generateDataKeyGivesFreshKeysOfTheAskedLengthThatDecryptBack() {
        String aes = aesKey();
        Map<Integer, DataKey> bySize = new java.util.LinkedHashMap<>();
        bySize.put(32, keys.generateDataKey(aes, null, null, null));
        bySize.put(16, keys.generateDataKey(aes, "AES_128", null, null));
        bySize.put(33, keys.generateDataKey(aes, "AES_256", 33, null)); // NumberOfBytes wins over KeySpec
        bySize.put(1, keys.generateDataKey(aes, null, 1, null));
        bySize.put(1024, keys.generateDataKey(aes, "AES_128", 1024, "{\"file\":\"a.bin\"}"));
        bySize.forEach((size, dk) -> {
            assertThat(Base64.getDecoder().decode(dk.plaintext())).as("size " + size).hasSize(size);
            assertThat(dk.keyId()).isEqualTo(aes);
            assertThat(dk.keyVersionId()).isEqualTo(keys.describeKey(aes).primaryKeyVersion());
            String context = size == 1024 ? "{\"file\":\"a.bin\"}" : null;
            assertThat(keys.decrypt(dk.ciphertextBlob(), context).plaintext()).isEqualTo(dk.plaintext());
            assertThat(dk.toString()).doesNotContain(dk.plaintext());
        });
        assertThat(keys.generateDataKey(aes, null, null, null).plaintext()).isNotEqualTo(bySize.get(32).plaintext());
        assertRefused(() -> keys.decrypt(bySize.get(1024).ciphertextBlob(), null), ErrorCode.INVALID_CIPHERTEXT, null);
    }

    @Test
    void generateDataKeyRefusesBadLengthsAndSpecs() {
        String aes = aesKey();
        assertRefused(() -> keys.generateDataKey(aes, null, 0, null), ErrorCode.INVALID_PARAMETER,
                "NumberOfBytes: must be from 1 to 1024");
        assertRefused(() -> keys.generateDataKey(aes, null, 1025, null), ErrorCode.INVALID_PARAMETER,
                "NumberOfBytes: must be from 1 to 1024");
        assertRefused(() -> keys.generateDataKey(aes, "AES_512", null, null), ErrorCode.INVALID_PARAMETER,
                "KeySpec: must be AES_256 or AES_128");
        assertRefused(() -> keys.generateDataKey(aes, "Aliyun_AES_256", 16, null), ErrorCode.INVALID_PARAMETER,
                "KeySpec: must be AES_256 or AES_128");
        assertRefused(() -> keys.generateDataKey(null, null, null, null), ErrorCode.MISSING_PARAMETER, "KeyId: is required");
    }

    // ---------------------------------------------------------------- storage

    @Test
    void rawKeyRowsNeverHoldKeyMaterialInClear() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String spec : List.of("Aliyun_AES_256", "Aliyun_SM4", "RSA_2048", "RSA_3072", "EC_P256", "EC_P256K", "EC_SM2")) {
            ids.add(keys.createKey(CreateKeyRequest.of(spec, null, "material test"), null).keyId());
        }
        List<byte[]> secrets = new ArrayList<>();
        for (String id : ids) {
            byte[] material = RingMaterial.of(ring, id);
            secrets.add(material);
            secrets.addAll(privateParts(material));
        }
        assertThat(secrets).allSatisfy(s -> assertThat(s.length).isGreaterThanOrEqualTo(16));
        List<byte[]> columns = new ArrayList<>();
        try (Connection c = db.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM kms_keys");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object raw = rs.getObject(i);
                    columns.add(raw instanceof byte[] bytes ? bytes
                            : String.valueOf(raw).getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(columns).isNotEmpty();
        for (byte[] secret : secrets) {
            for (byte[] column : columns) {
                assertThat(indexOf(column, secret)).as("key material found in a kms_keys column").isEqualTo(-1);
            }
        }
    }

    /** The private scalar of an EC key, or the private exponent and primes of an RSA key. */
    private static List<byte[]> privateParts(byte[] material) throws Exception {
        if (material.length <= 32) {
            return List.of();
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(material);
        if (info.getPrivateKeyAlgorithm().getAlgorithm().getId().equals("1.2.840.113549.1.1.1")) {
            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(material));
            return List.of(unsigned(rsa.getPrivateExponent()), unsigned(rsa.getPrimeP()), unsigned(rsa.getPrimeQ()));
        }
        return List.of(unsigned(org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey()));
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    @Test
    void keysMadeBeforeTheKeyServiceSurviveItsMigration() throws Exception {
        try (EmptyDatabase empty = kind.createEmpty()) {
            Dialect dialect = Dialect.fromJdbcUrl(empty.url());
            Flyway.configure().dataSource(empty.url(), empty.user(), empty.password())
                    .locations(dialect.migrationLocations()).placeholders(dialect.columnTypes())
                    .table("rotator_schema_history").target("2").load().migrate();
            byte[] material = new byte[32];
            new java.security.SecureRandom().nextBytes(material);
            try (Connection c = java.sql.DriverManager.getConnection(empty.url(), empty.user(), empty.password());
                 PreparedStatement ps = c.prepareStatement("INSERT INTO kms_keys (key_id, key_spec, key_usage, key_state,"
                         + " description, wrapped_material, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, LocalKeyRing.DEFAULT_KEY_ID);
                ps.setString(2, "Aliyun_AES_256");
                ps.setString(3, "ENCRYPT/DECRYPT");
                ps.setString(4, "Enabled");
                ps.setString(5, "made by the first release");
                ps.setBytes(6, RingMaterial.wrapLikeTheRing(rootKey, LocalKeyRing.DEFAULT_KEY_ID, material));
                ps.setLong(7, 1_700_000_000_000L);
                ps.executeUpdate();
            }

            try (Database migrated = Database.open(empty.url(), empty.user(), empty.password(), 2)) {
                LocalKeyRing oldRing = new LocalKeyRing(migrated.dataSource(), rootKey);
                oldRing.verifyRootKey();
                assertThat(RingMaterial.of(oldRing, LocalKeyRing.DEFAULT_KEY_ID)).isEqualTo(material);
                KeyService service = new KeyService(oldRing, REGION, ACCOUNT);
                KeyMetadata m = service.describeKey(LocalKeyRing.DEFAULT_KEY_ID);
                assertThat(m.description()).isEqualTo("made by the first release");
                assertThat(m.primaryKeyVersion()).isEqualTo("key-rotator-default-v1");
                assertThat(m.creationDate()).isEqualTo("2023-11-14T22:13:20Z");
                assertThat(m.creator()).isEqualTo(ACCOUNT);
                String blob = service.encrypt(LocalKeyRing.DEFAULT_KEY_ID, "after the migration", null).ciphertextBlob();
                assertThat(service.decrypt(blob, null).plaintext()).isEqualTo("after the migration");
                EnvelopeCipher cipher = new EnvelopeCipher(oldRing);
                assertThat(cipher.open("s", "v1", cipher.seal(LocalKeyRing.DEFAULT_KEY_ID, "s", "v1", new byte[] {1})))
                        .containsExactly(1);
                assertThat(service.createKey(CreateKeyRequest.of("EC_P256", null, "d".repeat(8_192)), null)
                        .description()).hasSize(8_192);
            }
        }
    }

    // ---------------------------------------------------------------- CreateSecret's EncryptionKeyId

    @Test
    void createSecretRefusesAnAsymmetricEncryptionKeyIdAndTakesASymmetricArn() {
        JdbcSecretStore store = new JdbcSecretStore(db.database(), new EnvelopeCipher(ring));
        List<Secret> scheduled = new ArrayList<>();
        Consumer<Secret> schedule = scheduled::add;
        KeyMetadata rsa = keys.createKey(CreateKeyRequest.of("RSA_2048", "ENCRYPT/DECRYPT", null), null);
        KeyMetadata ec = keys.createKey(CreateKeyRequest.of("EC_P256", null, null), null);
        String name = "keys/" + java.util.UUID.randomUUID();
        long before = store.count();

        for (KeyDirectory directory : List.of(keys, ring)) {
            SecretService secrets = new SecretService(store, directory, new RotatorRegistry(Map.of()), schedule,
                    Clock.systemUTC());
            for (String keyId : List.of(rsa.keyId(), ec.keyId(), rsa.arn())) {
                if (directory == ring && keyId.startsWith("acs:")) {
                    continue; // the bare ring knows no ARNs: that one is simply not found
                }
                assertThatThrownBy(() -> secrets.create(genericSecret(name, keyId))).as(directory + " " + keyId)
                        .isInstanceOfSatisfying(RotatorException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                        .hasMessage("EncryptionKeyId: the key must be symmetric");
            }
        }
        assertThat(store.count()).isEqualTo(before);
        assertThat(scheduled).isEmpty();

        KeyMetadata aes = keys.createKey(CreateKeyRequest.of(null, null, null), null);
        SecretService secrets = new SecretService(store, keys, new RotatorRegistry(Map.of()), schedule, Clock.systemUTC());
        Secret created = secrets.create(genericSecret(name, aes.arn()));
        assertThat(created.encryptionKeyId()).isEqualTo(aes.keyId());
        assertThat(store.versionAt(name, Stages.CURRENT).orElseThrow().value().text()).isEqualTo("the value");
    }

    private static NewSecretRequest genericSecret(String name, String keyId) {
        return new NewSecretRequest(name, null, utf8("the value"), null, "Generic", null, null, false, null, keyId, null);
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, String message) {
        var thrown = assertThatThrownBy(call).isInstanceOfSatisfying(RotatorException.class,
                e -> assertThat(e.code()).isEqualTo(code));
        if (message != null) {
            thrown.hasMessage(message);
        }
    }
}
