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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.rotator.core.RotatorException.invalid;

/**
 * The API's principals: AccessKeys made by an operator, each with a unique name and a
 * {@link PrincipalPolicy}. The AccessKey secret is sealed with the key ring like a secret value;
 * it is shown once, when the key is made, and otherwise only opened in memory to check a signature.
 */
public final class AccessKeyStore {
    public static final String ADMIN_NAME = "admin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final String ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ENABLED = "Enabled";
    private static final String DISABLED = "Disabled";

    private final Database database;
    private final EnvelopeCipher cipher;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();
    /** Every change to a key's row (state, policy, secret) must invalidate the key here. */
    private final CredentialCache cache;

    /** @param keyId the CMK that seals AccessKey secrets */
    public AccessKeyStore(Database database, EnvelopeCipher cipher, String keyId) {
        this(database, cipher, keyId, CredentialCache.standard());
    }

    AccessKeyStore(Database database, EnvelopeCipher cipher, String keyId, CredentialCache cache) {
        this.database = database;
        this.cipher = cipher;
        this.keyId = keyId;
        this.cache = cache;
    }

    /** A new AccessKey as the operator receives it, once. toString hides the secret. */
    public record NewAccessKey(String accessKeyId, String accessKeySecret, String name, PrincipalPolicy policy) {
        @Override
        public String toString() {
            return "NewAccessKey[" + accessKeyId + ", secret=******, name=" + name + ", policy=" + policy + "]";
        }
    }

    /** An AccessKey as listed: never its secret. */
    public record AccessKeyInfo(String accessKeyId, String name, PrincipalPolicy policy, boolean enabled,
                                Instant createTime) {
    }

    /**
     * What authentication needs: the principal, whether its key is enabled and, only when it is,
     * the secret to check the signature with. toString hides the secret.
     */
    public record Credential(Principal principal, boolean enabled, String secret) {
        @Override
        public String toString() {
            return "Credential[" + principal.accessKeyId() + ", enabled=" + enabled + ", secret=******]";
        }
    }

    /** Makes and saves a key. Name: 1 to 64 of A-Z a-z 0-9 . _ @ -, unique (Rejected.ResourceExist). */
    public NewAccessKey create(String name, PrincipalPolicy policy) {
        return save(generate(name, policy));
    }

    /** A new key, checked but not saved yet. */
    public NewAccessKey generate(String name, PrincipalPolicy policy) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("Name", "1 to 64 characters from A-Z a-z 0-9 . _ @ -");
        }
        if (policy.toJson().length() > PrincipalPolicy.MAX_JSON_LENGTH) {
            throw invalid("Policy", "at most " + PrincipalPolicy.MAX_JSON_LENGTH + " characters");
        }
        return new NewAccessKey("RTAK" + randomString(ID_ALPHABET, 16), randomString(SECRET_ALPHABET, 30), name,
                policy);
    }

    public NewAccessKey save(NewAccessKey key) {
        String id = key.accessKeyId();
        EnvelopeCipher.Sealed sealed = cipher.seal(keyId, label(id), key.accessKeySecret().getBytes(StandardCharsets.UTF_8));
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO access_keys (access_key_id, key_id, wrapped_data_key, "
                     + "sealed_secret, policy, key_state, created_at, principal_name) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, sealed.keyId());
            ps.setBytes(3, sealed.wrappedDataKey());
            ps.setBytes(4, sealed.ciphertext());
            ps.setString(5, key.policy().toJson());
            ps.setString(6, ENABLED);
            ps.setLong(7, Instant.now().toEpochMilli());
            ps.setString(8, key.name());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (nameTaken(key.name())) {
                throw new RotatorException(ErrorCode.RESOURCE_EXIST, "Name: a principal with this name already exists");
            }
            throw failure("could not save access key", e);
        }
        return key;
    }

    /**
     * For authentication: the key's principal and state; the secret is opened only for an enabled key.
     * An enabled key's credential is kept for {@link CredentialCache#TTL}: a disable on this worker is seen
     * at once, one on another worker sharing the store within that time.
     */
    public Optional<Credential> credential(String accessKeyId) {
        return cache.get(accessKeyId, this::load);
    }

    private Optional<Credential> load(String accessKeyId) {
        Principal principal;
        EnvelopeCipher.Sealed sealed;
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key_id, wrapped_data_key, sealed_secret, policy, key_state, "
                     + "principal_name FROM access_keys WHERE access_key_id = ?")) {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                principal = new Principal(accessKeyId, rs.getString(6), PrincipalPolicy.parse(rs.getString(4)));
                if (!ENABLED.equals(rs.getString(5))) {
                    return Optional.of(new Credential(principal, false, null));
                }
                sealed = new EnvelopeCipher.Sealed(rs.getString(1), rs.getBytes(2), rs.getBytes(3));
            }
        } catch (SQLException e) {
            throw failure("could not read access key", e);
        }
        // Opened once the connection is back in the pool: the key ring may need one of its own.
        byte[] secret = cipher.open(label(accessKeyId), sealed);
        return Optional.of(new Credential(principal, true, new String(secret, StandardCharsets.UTF_8)));
    }

    /** Every key, by name, without secrets. */
    public List<AccessKeyInfo> list() {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT access_key_id, principal_name, policy, key_state, created_at "
                     + "FROM access_keys ORDER BY principal_name, access_key_id");
             ResultSet rs = ps.executeQuery()) {
            List<AccessKeyInfo> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new AccessKeyInfo(rs.getString(1), rs.getString(2), PrincipalPolicy.parse(rs.getString(3)),
                        ENABLED.equals(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))));
            }
            return out;
        } catch (SQLException e) {
            throw failure("could not list access keys", e);
        }
    }

    /**
     * Disables a key: its requests to this worker are refused from now on (InvalidAccessKeyId.Inactive),
     * to other workers on the same store within {@link CredentialCache#TTL}. Idempotent.
     */
    public void disable(String accessKeyId) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE access_keys SET key_state = ? WHERE access_key_id = ?")) {
            ps.setString(1, DISABLED);
            ps.setString(2, accessKeyId);
            if (ps.executeUpdate() == 0) {
                throw RotatorException.notFound("AccessKeyId: the access key");
            }
        } catch (SQLException e) {
            throw failure("could not disable access key", e);
        } finally {
            cache.invalidate(accessKeyId);
        }
    }

    public long count() {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM access_keys");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("could not count access keys", e);
        }
    }

    private boolean nameTaken(String name) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM access_keys WHERE principal_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private static RotatorException failure(String what, SQLException e) {
        return new RotatorException(ErrorCode.INTERNAL_FAILURE, what + " (SQLState " + e.getSQLState() + ")", e);
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
