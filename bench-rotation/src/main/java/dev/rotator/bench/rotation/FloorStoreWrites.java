package dev.rotator.bench.rotation;

import dev.rotator.core.Stages;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The two durable writes a crash-safe rotation cannot avoid, issued directly against the store's database and its
 * real tables, on the rows of a secret of the floor's own: (1) saving the pending version, one INSERT committed on
 * its own; (2) moving the stages, ACSPrevious to the old current version and ACSCurrent to the new one, in one
 * transaction. Nothing else: no read, no lock, no event, no encryption (the row carries random bytes of the sizes a
 * sealed value of that secret has), no eviction of old versions.
 */
public final class FloorStoreWrites {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource store;
    private final String secret;
    private final String keyId;
    private final int wrappedKeyBytes;
    private final int ciphertextBytes;
    private long seq;
    private String current;

    private FloorStoreWrites(DataSource store, String secret, String keyId, int wrappedKeyBytes, int ciphertextBytes,
                             long seq, String current) {
        this.store = store;
        this.secret = secret;
        this.keyId = keyId;
        this.wrappedKeyBytes = wrappedKeyBytes;
        this.ciphertextBytes = ciphertextBytes;
        this.seq = seq;
        this.current = current;
    }

    /** For a secret made through the store (its ACSCurrent version gives the sizes); read once, before timing. */
    public static FloorStoreWrites of(DataSource store, String secret) throws SQLException {
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT v.version_id, v.key_id, v.wrapped_data_key, v.ciphertext, "
                        + "(SELECT MAX(seq) FROM secret_versions m WHERE m.secret_name = v.secret_name) "
                        + "FROM secret_stages s JOIN secret_versions v ON v.secret_name = s.secret_name "
                        + "AND v.version_id = s.version_id WHERE s.secret_name = ? AND s.stage = ?")) {
            ps.setString(1, secret);
            ps.setString(2, Stages.CURRENT);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("secret '" + secret + "' has no ACSCurrent version");
                }
                return new FloorStoreWrites(store, secret, rs.getString(2), rs.getBytes(3).length,
                        rs.getBytes(4).length, rs.getLong(5), rs.getString(1));
            }
        }
    }

    /** Write 1: the pending version's row, committed. */
    public void savePending(String versionId, long createdAtMillis) throws SQLException {
        byte[] wrapped = new byte[wrappedKeyBytes];
        byte[] ciphertext = new byte[ciphertextBytes];
        RANDOM.nextBytes(wrapped);
        RANDOM.nextBytes(ciphertext);
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO secret_versions (secret_name, version_id, seq, data_type, key_id, wrapped_data_key, "
                        + "ciphertext, created_at) VALUES (?, ?, ?, 'text', ?, ?, ?, ?)")) {
            ps.setString(1, secret);
            ps.setString(2, versionId);
            ps.setLong(3, ++seq);
            ps.setString(4, keyId);
            ps.setBytes(5, wrapped);
            ps.setBytes(6, ciphertext);
            ps.setLong(7, createdAtMillis);
            ps.executeUpdate();
        }
    }

    /** Write 2: ACSPrevious to the old current version (added the first time), ACSCurrent to the new one; one commit. */
    public void moveStages(String versionId) throws SQLException {
        try (Connection c = store.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (point(c, Stages.PREVIOUS, current) == 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO secret_stages (secret_name, stage, version_id) VALUES (?, ?, ?)")) {
                        ps.setString(1, secret);
                        ps.setString(2, Stages.PREVIOUS);
                        ps.setString(3, current);
                        ps.executeUpdate();
                    }
                }
                point(c, Stages.CURRENT, versionId);
                c.commit();
                current = versionId;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private int point(Connection c, String stage, String versionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE secret_stages SET version_id = ? WHERE secret_name = ? AND stage = ?")) {
            ps.setString(1, versionId);
            ps.setString(2, secret);
            ps.setString(3, stage);
            return ps.executeUpdate();
        }
    }
}
