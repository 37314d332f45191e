package dev.rotator.worker.auth;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.crypto.EnvelopeCipher;
import dev.rotator.worker.store.Database;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The API's principals: AccessKeys made by an operator, each with a policy. The AccessKey secret
 * is sealed with the key ring like a secret value; it is shown once, when the key is made.
 */
public final class AccessKeyStore {
    public static final String ADMIN_POLICY = "{\"Role\":\"admin\"}";
    private static final String ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Database database;
    private final EnvelopeCipher cipher;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    /** @param keyId the CMK that seals AccessKey secrets */
    public AccessKeyStore(Database database, EnvelopeCipher cipher, String keyId) {
        this.database = database;
        this.cipher = cipher;
        this.keyId = keyId;
    }

    /** An AccessKey as the operator receives it. toString hides the secret. */
    public record AccessKey(String accessKeyId, String accessKeySecret, String policy) {
        @Override
        public String toString() {
            return "AccessKey[" + accessKeyId + ", secret=******, policy=" + policy + "]";
        }
    }

    public AccessKey create(String policy) {
        return save(generate(policy));
    }

    /** A new key, not saved yet. */
    public AccessKey generate(String policy) {
        return new AccessKey("RTAK" + randomString(ID_ALPHABET, 16), randomString(SECRET_ALPHABET, 30), policy);
    }

    public AccessKey save(AccessKey key) {
        String id = key.accessKeyId();
        String policy = key.policy();
        EnvelopeCipher.Sealed sealed = cipher.seal(keyId, label(id), key.accessKeySecret().getBytes(StandardCharsets.UTF_8));
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO access_keys (access_key_id, key_id, wrapped_data_key, "
                     + "sealed_secret, policy, key_state, created_at) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, sealed.keyId());
            ps.setBytes(3, sealed.wrappedDataKey());
            ps.setBytes(4, sealed.ciphertext());
            ps.setString(5, policy);
            ps.setString(6, "Enabled");
            ps.setLong(7, Instant.now().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "could not save access key: " + e.getMessage());
        }
        return key;
    }

    public Optional<AccessKey> find(String accessKeyId) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key_id, wrapped_data_key, sealed_secret, policy "
                     + "FROM access_keys WHERE access_key_id = ? AND key_state = 'Enabled'")) {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] secret = cipher.open(label(accessKeyId),
                        new EnvelopeCipher.Sealed(rs.getString(1), rs.getBytes(2), rs.getBytes(3)));
                return Optional.of(new AccessKey(accessKeyId, new String(secret, StandardCharsets.UTF_8),
                        rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "could not read access key: " + e.getMessage());
        }
    }

    public long count() {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM access_keys");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "could not count access keys: " + e.getMessage());
        }
    }

    private static String label(String accessKeyId) {
        return "accesskey:" + accessKeyId;
    }

    private String randomString(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
