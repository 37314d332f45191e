package dev.rotator.worker.crypto;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.KeyDirectory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.sql.DataSource;

/**
 * The local CMKs, kept in table {@code kms_keys}. Every key gets material when it is created (see
 * {@link KeySpec}): symmetric specs a raw key, asymmetric specs a PKCS#8 private key. The material is
 * stored wrapped by the {@link RootKey} (AES-256-GCM, AAD {@code "rotator-cmk:" + keyId}), never in clear.
 * The default key has the fixed id {@value #DEFAULT_KEY_ID}. Disabling a key stops new wrapping; data keys
 * already wrapped under it stay readable for secrets. Plain JDBC only, so one SQL text runs on H2,
 * PostgreSQL and MariaDB.
 *
 * <p>Two uses of a symmetric key's material, kept apart by the first AAD part so that neither can open
 * what the other sealed: data keys of stored values ({@link #wrap}, AADs built by {@link EnvelopeCipher})
 * and the Encrypt/Decrypt API ({@link #encrypt}, AAD {@code ("rotator-kms", keyId, versionId, context...)}).
 *
 * <p>Table (V1 and V5 migrations): {@code key_id, key_spec, key_usage, key_state, key_description,
 * key_material, key_version_id, creator, created_at}.
 */
public final class LocalKeyRing implements KeyDirectory, DataKeyWrapper {
    public static final String DEFAULT_KEY_ID = "key-rotator-default";
    public static final String DEFAULT_DESCRIPTION = "rotator default key";
    public static final String SYMMETRIC_SPEC = KeySpec.ALIYUN_AES_256.wireName();
    public static final int MAX_DESCRIPTION_LENGTH = 8_192;
    static final String ENABLED = "Enabled";
    static final String DISABLED = "Disabled";
    private static final String API_AAD = "rotator-kms";

    /** A key as stored, without its material. {@code keyVersionId} is the primary (only) version. */
    public record KeyRecord(String keyId, KeySpec spec, String keyUsage, String keyState, String description,
                            String creator, String keyVersionId, Instant createdAt) {
        public boolean enabled() {
            return ENABLED.equals(keyState);
        }

        public KeyInfo info() {
            return new KeyInfo(keyId, spec.wireName(), spec.symmetric(), enabled());
        }
    }

    private static final String COLUMNS = "key_id, key_spec, key_usage, key_state, key_description, key_version_id,"
            + " creator, created_at, key_material";

    private final DataSource dataSource;
    private final RootKey rootKey;
    // Unwrapped symmetric material: keys are few and their material never changes. Private keys are never kept.
    private final Map<String, byte[]> materials = new ConcurrentHashMap<>();
    // Specs of keys that passed requireForSecrets: a key's spec never changes either, so once a key is known,
    // reading a data key needs no query (nor a second pool connection while the caller holds one).
    private final Map<String, KeySpec> unwrapSpecs = new ConcurrentHashMap<>();

    /**
     * How long a key's row checked for wrapping is trusted (its state is what can change): a disable made by this
     * worker counts at once, one made by another worker within this time. Sealing then needs no query per value.
     */
    static final long WRAP_CHECK_MILLIS = 1_000;
    private record Checked(Row row, long atMillis) {
    }
    private final Map<String, Checked> wrapChecks = new ConcurrentHashMap<>();

    public LocalKeyRing(DataSource dataSource, RootKey rootKey) {
        this.dataSource = dataSource;
        this.rootKey = rootKey;
    }

    /** Creates a key of {@code keySpec} with the spec's default usage and no creator. */
    public KeyInfo createKey(String keySpec, String description) {
        return create(keySpec, null, description, null).info();
    }

    /**
     * Creates a key with fresh material.
     *
     * @throws RotatorException INVALID_PARAMETER naming KeySpec, KeyUsage or Description; nothing is written then
     */
    public KeyRecord create(String keySpec, String keyUsage, String description, String creator) {
        KeySpec spec = KeySpec.parse(keySpec);
        String usage = spec.usage(keyUsage);
        String text = checkDescription(description);
        return insert(newKeyId(), spec, usage, text, creator);
    }

    /** Creates the default key ({@value #DEFAULT_KEY_ID}) if it does not exist yet; returns its id. */
    public String ensureDefaultKey() {
        if (find(DEFAULT_KEY_ID).isEmpty()) {
            try {
                insert(DEFAULT_KEY_ID, KeySpec.ALIYUN_AES_256, KeySpec.ENCRYPT_DECRYPT, DEFAULT_DESCRIPTION, null);
            } catch (RotatorException e) {
                if (find(DEFAULT_KEY_ID).isEmpty()) { // else another worker created it first
                    throw e;
                }
            }
        }
        return DEFAULT_KEY_ID;
    }

    @Override
    public String defaultKeyId() {
        return DEFAULT_KEY_ID;
    }

    @Override
    public Optional<KeyInfo> find(String keyId) {
        return record(keyId).map(KeyRecord::info);
    }

    public Optional<KeyRecord> record(String keyId) {
        return row(keyId).map(Row::record);
    }

    public List<KeyInfo> list() {
        return records().stream().map(KeyRecord::info).toList();
    }

    /** Every key, oldest first. */
    public List<KeyRecord> records() {
        return query("SELECT " + COLUMNS + " FROM kms_keys ORDER BY created_at, key_id", null).stream()
                .map(Row::record).toList();
    }

    public void disable(String keyId) {
        setState(keyId, DISABLED);
    }

    public void enable(String keyId) {
        setState(keyId, ENABLED);
    }

    /** Unwraps every key once, so a wrong root.key fails at start-up rather than on first read. */
    public void verifyRootKey() {
        for (Row row : query("SELECT " + COLUMNS + " FROM kms_keys WHERE key_material IS NOT NULL", null)) {
            if (row.record().spec().symmetric()) {
                material(row);
            } else {
                Gcm.wipe(unwrapMaterial(row));
            }
        }
    }

    @Override
    public byte[] wrap(String keyId, byte[] dataKey, byte[] aad) {
        long now = System.currentTimeMillis();
        Checked checked = wrapChecks.get(keyId);
        if (checked == null || now - checked.atMillis() >= WRAP_CHECK_MILLIS || now < checked.atMillis()) {
            checked = new Checked(requireForSecrets(keyId), now);
            wrapChecks.put(keyId, checked);
        }
        Row row = checked.row();
        if (!row.record().enabled()) {
            throw new RotatorException(ErrorCode.INVALID_PARAMETER, "EncryptionKeyId: key '" + keyId + "' is disabled");
        }
        return row.record().spec().seal(material(row), dataKey, aad);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedDataKey, byte[] aad) throws AEADBadTagException {
        KeySpec spec = unwrapSpecs.get(keyId);
        byte[] material = materials.get(keyId);
        if (spec == null || material == null) {
            Row row = requireForSecrets(keyId);
            spec = row.record().spec();
            material = material(row);
            unwrapSpecs.put(keyId, spec);
        }
        return spec.open(material, wrappedDataKey, aad);
    }

    /**
     * Encrypt API: seals {@code plaintext} under the key's primary version, bound to the canonical encryption
     * context parts. The caller has checked that the key is symmetric and enabled.
     */
    public byte[] encrypt(KeyRecord key, byte[] plaintext, List<String> context) {
        return key.spec().seal(symmetricMaterial(key), plaintext, apiAad(key.keyId(), key.keyVersionId(), context));
    }

    /** Decrypt API: the reverse of {@link #encrypt} for the version named in the ciphertext. */
    public byte[] decrypt(KeyRecord key, String keyVersionId, byte[] sealed, List<String> context)
            throws AEADBadTagException {
        if (!keyVersionId.equals(key.keyVersionId())) {
            throw new AEADBadTagException("no such key version");
        }
        return key.spec().open(symmetricMaterial(key), sealed, apiAad(key.keyId(), keyVersionId, context));
    }

    /** For tests only: the unwrapped material of a key (a copy), so they can look for it in the raw rows. */
    byte[] materialForTest(String keyId) {
        return unwrapMaterial(row(keyId).orElseThrow());
    }

    private static byte[] apiAad(String keyId, String keyVersionId, List<String> context) {
        List<String> parts = new ArrayList<>(List.of(API_AAD, keyId, keyVersionId));
        parts.addAll(context);
        return Gcm.aad(parts.toArray(String[]::new));
    }

    private byte[] symmetricMaterial(KeyRecord key) {
        if (!key.spec().symmetric()) {
            throw new IllegalStateException("key " + key.keyId() + " is not symmetric");
        }
        byte[] cached = materials.get(key.keyId());
        return cached != null ? cached : material(row(key.keyId()).orElseThrow(() -> new RotatorException(
                ErrorCode.KEY_NOT_FOUND, "KeyId: key '" + key.keyId() + "' does not exist")));
    }

    private Row requireForSecrets(String keyId) {
        Row row = row(keyId).orElseThrow(() -> new RotatorException(ErrorCode.KEY_NOT_FOUND,
                "EncryptionKeyId: key '" + keyId + "' does not exist"));
        if (!row.record().spec().symmetric() || row.material() == null) {
            throw new RotatorException(ErrorCode.INVALID_PARAMETER, "EncryptionKeyId: key '" + keyId + "' is "
                    + row.record().spec().wireName() + "; secrets need a symmetric key (" + SYMMETRIC_SPEC
                    + " or " + KeySpec.ALIYUN_SM4.wireName() + ")");
        }
        return row;
    }

    private byte[] material(Row row) {
        byte[] cached = materials.get(row.record().keyId());
        if (cached != null) {
            return cached;
        }
        materials.putIfAbsent(row.record().keyId(), unwrapMaterial(row));
        return materials.get(row.record().keyId());
    }

    private byte[] unwrapMaterial(Row row) {
        try {
            return rootKey.unwrap(row.material(), cmkAad(row.record().keyId()));
        } catch (AEADBadTagException e) {
            throw new RotatorException(ErrorCode.DECRYPTION_FAILED, "root key does not match the key ring (key "
                    + row.record().keyId() + "): wrong root.key for this store");
        }
    }

    private static String checkDescription(String description) {
        if (description == null) {
            return "";
        }
        // UTF-16 units, not code points: H2 counts a surrogate pair as two characters of the column.
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw RotatorException.invalid("Description", "at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return description;
    }

    /** Alibaba-style id: "key-" and 24 random hex digits. */
    private static String newKeyId() {
        byte[] random = new byte[12];
        Gcm.RANDOM.nextBytes(random);
        return "key-" + HexFormat.of().formatHex(random);
    }

    private KeyRecord insert(String keyId, KeySpec spec, String usage, String description, String creator) {
        KeyRecord key = new KeyRecord(keyId, spec, usage, ENABLED, description, creator, UUID.randomUUID().toString(),
                Instant.ofEpochMilli(System.currentTimeMillis()));
        byte[] material = spec.generateMaterial();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO kms_keys (key_id, key_spec, key_usage, key_state,"
                     + " key_description, key_version_id, creator, created_at, key_material)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.keyId());
            ps.setString(2, spec.wireName());
            ps.setString(3, usage);
            ps.setString(4, ENABLED);
            ps.setString(5, description);
            ps.setString(6, key.keyVersionId());
            ps.setString(7, creator);
            ps.setLong(8, key.createdAt().toEpochMilli());
            ps.setBytes(9, rootKey.wrap(material, cmkAad(keyId)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "cannot create key '" + keyId + "': " + e.getMessage(), e);
        } finally {
            Gcm.wipe(material);
        }
        return key;
    }

    private void setState(String keyId, String state) {
        wrapChecks.remove(keyId);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE kms_keys SET key_state = ? WHERE key_id = ?")) {
            ps.setString(1, state);
            ps.setString(2, keyId);
            if (ps.executeUpdate() == 0) {
                throw new RotatorException(ErrorCode.KEY_NOT_FOUND, "KeyId: key '" + keyId + "' does not exist");
            }
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "cannot update key '" + keyId + "': " + e.getMessage(), e);
        }
    }

    private Optional<Row> row(String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            return Optional.empty();
        }
        return query("SELECT " + COLUMNS + " FROM kms_keys WHERE key_id = ?", keyId).stream().findFirst();
    }

    private List<Row> query(String sql, String keyId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (keyId != null) {
                ps.setString(1, keyId);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(new KeyRecord(rs.getString(1), KeySpec.parse(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(7), rs.getString(6),
                            Instant.ofEpochMilli(rs.getLong(8))), rs.getBytes(9)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "cannot read key ring: " + e.getMessage(), e);
        }
    }

    private static byte[] cmkAad(String keyId) {
        return ("rotator-cmk:" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private record Row(KeyRecord record, byte[] material) {
    }

    @Override
    public String toString() {
        return "LocalKeyRing[" + rootKey + "]";
    }
}
