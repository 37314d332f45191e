package dev.rotator.worker.keys;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.KeyDirectory;
import dev.rotator.worker.crypto.KeySpec;
import dev.rotator.worker.crypto.LocalKeyRing;
import dev.rotator.worker.crypto.LocalKeyRing.KeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * The KMS key operations secrets depend on (CreateKey, DescribeKey, ListKeys, GenerateDataKey, Encrypt,
 * Decrypt) on the local key ring, answering with every field the kms20160120 SDK reads (see
 * docs/kms-key-operations.md). No HTTP here: the API maps actions to these methods and adds RequestId.
 *
 * <p>Also the {@link KeyDirectory} for secrets: it finds keys by id or ARN and tells asymmetric keys
 * apart, so CreateSecret refuses them as EncryptionKeyId. Messages never contain plaintexts, data keys or
 * key material.
 */
public final class KeyService implements KeyDirectory {
    public static final String ORIGIN = "Aliyun_KMS";
    public static final String PROTECTION_LEVEL = "SOFTWARE";
    public static final int MAX_PLAINTEXT_BYTES = 6 * 1024;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 10;
    public static final int MAX_DATA_KEY_BYTES = 1024;
    private static final String DISABLED = "Disabled";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalKeyRing ring;
    private final String regionId;
    private final String accountId;
    private final String arnPrefix;

    /**
     * @param regionId  the region in ARNs ({@code acs:kms:<region>:<account>:key/<id>})
     * @param accountId the account in ARNs, and the Creator of keys made without a named creator
     */
    public KeyService(LocalKeyRing ring, String regionId, String accountId) {
        if (regionId == null || regionId.isBlank() || accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("regionId and accountId are required for key ARNs");
        }
        this.ring = ring;
        this.regionId = regionId;
        this.accountId = accountId;
        this.arnPrefix = "acs:kms:" + regionId + ":" + accountId + ":key/";
    }

    // ---------------------------------------------------------------- CreateKey, DescribeKey, ListKeys

    /**
     * CreateKey. Checks every parameter before anything is written.
     *
     * @param creator the principal creating the key (an AccessKey id, say); null or blank for the account
     */
    public KeyMetadata createKey(CreateKeyRequest r, String creator) {
        oneOf("Origin", r.origin(), ORIGIN, "importing key material (EXTERNAL) is not supported");
        oneOf("ProtectionLevel", r.protectionLevel(), PROTECTION_LEVEL, "this server has no HSM");
        if (Boolean.TRUE.equals(r.enableAutomaticRotation())) {
            throw RotatorException.invalid("EnableAutomaticRotation", "automatic key rotation is not supported;"
                    + " leave it false");
        }
        absent("Policy", r.policy(), "key policies are not supported; access follows the AccessKey policies");
        absent("Tags", r.tags(), "key tags are not supported");
        absent("DKMSInstanceId", r.dkmsInstanceId(), "this server is a single KMS instance; leave it empty");
        KeyRecord key = ring.create(r.keySpec(), r.keyUsage(), r.description(),
                creator == null || creator.isBlank() ? accountId : creator);
        return metadata(key);
    }

    /** DescribeKey by key id or ARN; an unknown key is 404 Forbidden.KeyNotFound. */
    public KeyMetadata describeKey(String keyId) {
        return metadata(require(keyId));
    }

    /**
     * ListKeys, oldest key first.
     *
     * @param pageNumber 1 or more, default 1
     * @param pageSize   1–100, default 10
     * @param filters    must be empty: filtering is not supported
     */
    public KeyPage listKeys(Integer pageNumber, Integer pageSize, String filters) {
        int number = pageNumber == null ? 1 : pageNumber;
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        if (number < 1) {
            throw RotatorException.invalid("PageNumber", "must be 1 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw RotatorException.invalid("PageSize", "must be from 1 to " + MAX_PAGE_SIZE);
        }
        absent("Filters", filters, "filtering keys is not supported; page through all keys instead");
        List<KeyRecord> all = ring.records();
        long from = (long) (number - 1) * size;
        List<KeyPage.Entry> page = all.stream().skip(from).limit(size)
                .map(k -> new KeyPage.Entry(k.keyId(), arn(k.keyId()))).toList();
        return new KeyPage(page, number, size, all.size());
    }

    // ---------------------------------------------------------------- GenerateDataKey, Encrypt, Decrypt

    /**
     * GenerateDataKey: {@code numberOfBytes} (1–1024) random bytes, or 32 for KeySpec AES_256 (the default)
     * and 16 for AES_128; NumberOfBytes wins when both are given, as Alibaba documents.
     */
    public DataKey generateDataKey(String keyId, String keySpec, Integer numberOfBytes, String encryptionContext) {
        int length = dataKeyLength(keySpec, numberOfBytes);
        List<String> context = EncryptionContext.canonical(encryptionContext);
        KeyRecord key = usable(keyId, "GenerateDataKey");
        byte[] dataKey = new byte[length];
        RANDOM.nextBytes(dataKey);
        try {
            String plaintext = Base64.getEncoder().encodeToString(dataKey);
            return new DataKey(key.keyId(), key.keyVersionId(), plaintext, seal(key, plaintext, context));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Encrypt: {@code plaintext} is text of at most 6 KB (UTF-8); Decrypt gives it back unchanged. */
    public EncryptResult encrypt(String keyId, String plaintext, String encryptionContext) {
        required("Plaintext", plaintext);
        if (plaintext.getBytes(StandardCharsets.UTF_8).length > MAX_PLAINTEXT_BYTES) {
            throw RotatorException.invalid("Plaintext", "at most " + MAX_PLAINTEXT_BYTES + " bytes (6 KB);"
                    + " encrypt larger data with a data key from GenerateDataKey");
        }
        List<String> context = EncryptionContext.canonical(encryptionContext);
        KeyRecord key = usable(keyId, "Encrypt");
        return new EncryptResult(key.keyId(), key.keyVersionId(), seal(key, plaintext, context));
    }

    /**
     * Decrypt: the blob names its key and version. A blob that is not ours, was altered, or is given another
     * EncryptionContext is 400 InvalidCiphertext; its key unknown is 404 Forbidden.KeyNotFound, disabled 409
     * Rejected.Disabled.
     */
    public DecryptResult decrypt(String ciphertextBlob, String encryptionContext) {
        required("CiphertextBlob", ciphertextBlob);
        CiphertextBlob blob = CiphertextBlob.decode(ciphertextBlob);
        List<String> context = EncryptionContext.canonical(encryptionContext);
        KeyRecord key = ring.record(blob.keyId()).orElseThrow(() -> new RotatorException(ErrorCode.KEY_NOT_FOUND,
                "CiphertextBlob: it was encrypted with key '" + blob.keyId() + "', which does not exist"));
        if (!key.spec().symmetric()) {
            throw new RotatorException(ErrorCode.INVALID_CIPHERTEXT, "CiphertextBlob: it names key '" + key.keyId()
                    + "', a " + key.spec().wireName() + " key, which never encrypts here");
        }
        if (!key.enabled()) {
            throw disabled(key);
        }
        try {
            byte[] plaintext = ring.decrypt(key, blob.keyVersionId(), blob.sealed(), context);
            try {
                return new DecryptResult(key.keyId(), blob.keyVersionId(), new String(plaintext, StandardCharsets.UTF_8));
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw new RotatorException(ErrorCode.INVALID_CIPHERTEXT, "CiphertextBlob: cannot be decrypted with key '"
                    + key.keyId() + "': it was altered, or EncryptionContext is not the one it was encrypted with");
        }
    }

    // ---------------------------------------------------------------- KeyDirectory (EncryptionKeyId)

    @Override
    public Optional<KeyInfo> find(String keyIdOrArn) {
        return resolve(keyIdOrArn).flatMap(ring::record).map(KeyRecord::info);
    }

    @Override
    public String defaultKeyId() {
        return ring.defaultKeyId();
    }

    /** {@code acs:kms:<region>:<account>:key/<keyId>} */
    public String arn(String keyId) {
        return arnPrefix + keyId;
    }

    // ---------------------------------------------------------------- helpers

    /** The key id named by an id or by one of our ARNs; empty for another region's or account's ARN. */
    private Optional<String> resolve(String keyIdOrArn) {
        if (keyIdOrArn == null || keyIdOrArn.isEmpty()) {
            return Optional.empty();
        }
        if (keyIdOrArn.startsWith("acs:")) {
            return keyIdOrArn.startsWith(arnPrefix) ? Optional.of(keyIdOrArn.substring(arnPrefix.length()))
                    : Optional.empty();
        }
        return Optional.of(keyIdOrArn);
    }

    private KeyRecord require(String keyId) {
        required("KeyId", keyId);
        return resolve(keyId).flatMap(ring::record).orElseThrow(() -> new RotatorException(ErrorCode.KEY_NOT_FOUND,
                "KeyId: key '" + keyId + "' does not exist" + (keyId.startsWith("alias/")
                        ? " (aliases are not supported; use the key id or ARN)" : "")));
    }

    /** A key that can encrypt: it exists, is symmetric and is enabled. */
    private KeyRecord usable(String keyId, String action) {
        KeyRecord key = require(keyId);
        if (!key.spec().symmetric()) {
            throw RotatorException.invalid("KeyId", "key '" + key.keyId() + "' is " + key.spec().wireName() + " ("
                    + key.keyUsage() + "); " + action + " needs a symmetric key (" + KeySpec.ALIYUN_AES_256.wireName()
                    + " or " + KeySpec.ALIYUN_SM4.wireName() + ")");
        }
        if (!key.enabled()) {
            throw disabled(key);
        }
        return key;
    }

    private String seal(KeyRecord key, String plaintext, List<String> context) {
        byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            return new CiphertextBlob(key.keyId(), key.keyVersionId(), ring.encrypt(key, bytes, context)).encode();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static int dataKeyLength(String keySpec, Integer numberOfBytes) {
        int bySpec = switch (keySpec == null || keySpec.isEmpty() ? "AES_256" : keySpec) {
            case "AES_256" -> 32;
            case "AES_128" -> 16;
            default -> throw RotatorException.invalid("KeySpec", "must be AES_256 or AES_128");
        };
        if (numberOfBytes == null) {
            return bySpec;
        }
        if (numberOfBytes < 1 || numberOfBytes > MAX_DATA_KEY_BYTES) {
            throw RotatorException.invalid("NumberOfBytes", "must be from 1 to " + MAX_DATA_KEY_BYTES);
        }
        return numberOfBytes;
    }

    private KeyMetadata metadata(KeyRecord k) {
        String created = TIME.format(k.createdAt());
        return new KeyMetadata(arn(k.keyId()), DISABLED, created, k.creator() == null ? accountId : k.creator(),
                null, null, DISABLED, null, k.description() == null ? "" : k.description(), k.keyId(),
                k.spec().wireName(), k.keyState(), k.keyUsage(), created, null, null, ORIGIN,
                k.spec().symmetric() ? k.keyVersionId() : null, PROTECTION_LEVEL, null);
    }

    private static RotatorException disabled(KeyRecord key) {
        return new RotatorException(ErrorCode.KEY_DISABLED, "KeyId: key '" + key.keyId() + "' is disabled");
    }

    private static void required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw RotatorException.missing(field);
        }
    }

    private static void oneOf(String field, String value, String only, String why) {
        if (value != null && !value.isEmpty() && !value.equals(only)) {
            throw RotatorException.invalid(field, "must be " + only + " (" + why + ")");
        }
    }

    private static void absent(String field, String value, String why) {
        if (value != null && !value.isBlank()) {
            throw RotatorException.invalid(field, why);
        }
    }

    @Override
    public String toString() {
        return "KeyService[" + regionId + ", " + accountId + ", " + ring + "]";
    }
}
