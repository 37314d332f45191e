package dev.rotator.worker.crypto;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.KeyDirectory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.sql.DataSource;

/**
 * The local CMKs, kept in table {@code kms_keys}. Symmetric keys hold 32 random bytes wrapped
 * by the {@link RootKey} (AES-256-GCM, AAD {@code "rotator-cmk:" + keyId}); asymmetric specs are
 * metadata only, so the API can name them and refuse them for secrets. The default key has
 * the fixed id {@value #DEFAULT_KEY_ID}. Disabling a key stops new wrapping; values already
 * sealed under it stay readable. Plain JDBC only, so one SQL text runs on H2, PostgreSQL and MariaDB.
 *
 * <p>DDL (created by the store's Flyway migrations):
 * <pre>
 * -- H2 and MariaDB
 * CREATE TABLE kms_keys (
 *     key_id           VARCHAR(64)  PRIMARY KEY,
 *     key_spec         VARCHAR(32)  NOT NULL,
 *     key_usage        VARCHAR(32)  NOT NULL,
 *     key_state        VARCHAR(16)  NOT NULL,
 *     description      VARCHAR(256),
 *     wrapped_material VARBINARY(512),
 *     created_at       BIGINT       NOT NULL
 * );                               -- MariaDB: append ENGINE=InnoDB
 * -- PostgreSQL: the same with  wrapped_material BYTEA
 * </pre>
 */
public final class LocalKeyRing implements KeyDirectory, DataKeyWrapper {
    public static final String DEFAULT_KEY_ID = "key-rotator-default";
    public static final String DEFAULT_DESCRIPTION = "rotator default key";
    public static final String SYMMETRIC_SPEC = "Aliyun_AES_256";
    static final String ENABLED = "Enabled";
    static final String DISABLED = "Disabled";

    /** Spec → usage, in the Alibaba KMS vocabulary. Only the symmetric spec gets material. */
    private static final Map<String, String> SPECS = Map.of(
            SYMMETRIC_SPEC, "ENCRYPT/DECRYPT",
            "RSA_2048", "ENCRYPT/DECRYPT", "RSA_3072", "ENCRYPT/DECRYPT", "RSA_4096", "ENCRYPT/DECRYPT",
            "EC_P256", "SIGN/VERIFY", "EC_P256K", "SIGN/VERIFY", "EC_SM2", "SIGN/VERIFY");

    private static final String COLUMNS = "key_id, key_spec, key_state, wrapped_material";

    private final DataSource dataSource;
    private final RootKey rootKey;
    // Unwrapped CMK material: keys are few and their material never changes.
    private final Map<String, byte[]> materials = new ConcurrentHashMap<>();

    public LocalKeyRing(DataSource dataSource, RootKey rootKey) {
        this.dataSource = dataSource;
        this.rootKey = rootKey;
    }

    public KeyInfo createKey(String keySpec, String description) {
        return insert(UUID.randomUUID().toString(), keySpec, description);
    }

    /** Creates the default key ({@value #DEFAULT_KEY_ID}) if it does not exist yet; returns its id. */
    public String ensureDefaultKey() {
        if (find(DEFAULT_KEY_ID).isEmpty()) {
            try {
                insert(DEFAULT_KEY_ID, SYMMETRIC_SPEC, DEFAULT_DESCRIPTION);
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
        return row(keyId).map(Row::info);
    }

    public List<KeyInfo> list() {
        List<KeyInfo> keys = new ArrayList<>();
        for (Row row : query("SELECT " + COLUMNS + " FROM kms_keys ORDER BY created_at, key_id", null)) {
            keys.add(row.info());
        }
        return keys;
    }

    public void disable(String keyId) {
        setState(keyId, DISABLED);
    }

    public void enable(String keyId) {
        setState(keyId, ENABLED);
    }

    /** Unwraps every key once, so a wrong root.key fails at start-up rather than on first read. */
    public void verifyRootKey() {
        for (Row row : query("SELECT " + COLUMNS + " FROM kms_keys WHERE wrapped_material IS NOT NULL", null)) {
            material(row);
        }
    }

    @Override
    public byte[] wrap(String keyId, byte[] dataKey, byte[] aad) {
        Row row = require(keyId);
        if (!row.info().enabled()) {
            throw new RotatorException(ErrorCode.INVALID_PARAMETER, "EncryptionKeyId: key '" + keyId + "' is disabled");
        }
        return Gcm.seal(material(row), dataKey, aad);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedDataKey, byte[] aad) throws AEADBadTagException {
        return Gcm.open(material(require(keyId)), wrappedDataKey, aad);
    }

    private Row require(String keyId) {
        Row row = row(keyId).orElseThrow(() -> new RotatorException(ErrorCode.KEY_NOT_FOUND,
                "EncryptionKeyId: key '" + keyId + "' does not exist"));
        if (!row.info().symmetric() || row.material() == null) {
            throw new RotatorException(ErrorCode.INVALID_PARAMETER, "EncryptionKeyId: key '" + keyId + "' is "
                    + row.spec() + "; secrets need a symmetric key (" + SYMMETRIC_SPEC + ")");
        }
        return row;
    }

    private byte[] material(Row row) {
        byte[] cached = materials.get(row.keyId());
        if (cached != null) {
            return cached;
        }
        try {
            byte[] material = rootKey.unwrap(row.material(), cmkAad(row.keyId()));
            materials.putIfAbsent(row.keyId(), material);
            return materials.get(row.keyId());
        } catch (AEADBadTagException e) {
            throw new RotatorException(ErrorCode.DECRYPTION_FAILED, "root key does not match the key ring (key "
                    + row.keyId() + "): wrong root.key for this store");
        }
    }

    private KeyInfo insert(String keyId, String keySpec, String description) {
        String usage = SPECS.get(keySpec);
        if (usage == null) {
            throw RotatorException.invalid("KeySpec", "must be one of " + new TreeSet<>(SPECS.keySet()));
        }
        if (description != null && description.length() > 256) {
            throw RotatorException.invalid("Description", "at most 256 characters");
        }
        byte[] material = SYMMETRIC_SPEC.equals(keySpec) ? Gcm.randomKey() : null;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO kms_keys (key_id, key_spec, key_usage, key_state,"
                     + " description, wrapped_material, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, keyId);
            ps.setString(2, keySpec);
            ps.setString(3, usage);
            ps.setString(4, ENABLED);
            ps.setString(5, description);
            if (material == null) {
                ps.setNull(6, Types.VARBINARY);
            } else {
                ps.setBytes(6, rootKey.wrap(material, cmkAad(keyId)));
            }
            ps.setLong(7, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "cannot create key '" + keyId + "': " + e.getMessage(), e);
        } finally {
            Gcm.wipe(material);
        }
        return new KeyInfo(keyId, keySpec, SYMMETRIC_SPEC.equals(keySpec), true);
    }

    private void setState(String keyId, String state) {
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
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
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

    private record Row(String keyId, String spec, String state, byte[] material) {
        KeyInfo info() {
            return new KeyInfo(keyId, spec, SYMMETRIC_SPEC.equals(spec), ENABLED.equals(state));
        }
    }

    @Override
    public String toString() {
        return "LocalKeyRing[" + rootKey + "]";
    }
}
