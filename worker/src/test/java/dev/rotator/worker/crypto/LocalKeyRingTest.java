package dev.rotator.worker.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.KeyDirectory.KeyInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalKeyRingTest {
    DataSource db;
    RootKey rootKey;
    LocalKeyRing ring;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDb.create();
        rootKey = RootKey.generate();
        ring = new LocalKeyRing(db, rootKey);
    }

    @Test
    void createsSymmetricKeysWithUuidIdsAndWrappedMaterial() throws Exception {
        KeyInfo key = ring.createKey("Aliyun_AES_256", "orders");
        assertThat(key.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(key).isEqualTo(new KeyInfo(key.keyId(), "Aliyun_AES_256", true, true));
        assertThat(ring.find(key.keyId())).contains(key);

        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key_usage, description, wrapped_material FROM kms_keys WHERE key_id = ?")) {
            ps.setString(1, key.keyId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ENCRYPT/DECRYPT");
                assertThat(rs.getString(2)).isEqualTo("orders");
                assertThat(rs.getBytes(3)).hasSize(12 + 32 + 16); // iv + material + tag
            }
        }
    }

    @Test
    void asymmetricKeysAreMetadataOnlyAndCannotWrap() {
        KeyInfo rsa = ring.createKey("RSA_2048", null);
        KeyInfo ec = ring.createKey("EC_P256", "signing");
        assertThat(rsa.symmetric()).isFalse();
        assertThat(ring.find(ec.keyId())).hasValueSatisfying(k -> assertThat(k.symmetric()).isFalse());

        EnvelopeCipher cipher = new EnvelopeCipher(ring);
        assertThatThrownBy(() -> cipher.seal(rsa.keyId(), "db-pass", "v1", new byte[1]))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessage("EncryptionKeyId: key '" + rsa.keyId() + "' is RSA_2048; secrets need a symmetric key (Aliyun_AES_256)");
        assertThat(ring.list()).extracting(KeyInfo::keyId).containsExactlyInAnyOrder(rsa.keyId(), ec.keyId());
    }

    @Test
    void unknownSpecIsRefused() {
        assertThatThrownBy(() -> ring.createKey("DES", null))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageStartingWith("KeySpec: must be one of [Aliyun_AES_256, EC_P256");
    }

    @Test
    void defaultKeyIsCreatedOnceWithAStableId() {
        assertThat(ring.defaultKeyId()).isEqualTo("key-rotator-default");
        assertThat(ring.find("key-rotator-default")).isEmpty();
        assertThat(ring.ensureDefaultKey()).isEqualTo("key-rotator-default");
        assertThat(new LocalKeyRing(db, rootKey).ensureDefaultKey()).isEqualTo("key-rotator-default");
        assertThat(ring.list()).containsExactly(new KeyInfo("key-rotator-default", "Aliyun_AES_256", true, true));
    }

    @Test
    void unknownKeyIsNotFound() {
        assertThat(ring.find("no-such-key")).isEmpty();
        assertThat(ring.find(null)).isEmpty();
        EnvelopeCipher cipher = new EnvelopeCipher(ring);
        assertThatThrownBy(() -> cipher.seal("no-such-key", "db-pass", "v1", "x".getBytes()))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND))
                .hasMessage("EncryptionKeyId: key 'no-such-key' does not exist");
    }

    @Test
    void disabledKeyStopsSealingButStillOpens() {
        String keyId = ring.ensureDefaultKey();
        EnvelopeCipher cipher = new EnvelopeCipher(ring);
        EnvelopeCipher.Sealed sealed = cipher.seal(keyId, "db-pass", "v1", "s3cret".getBytes());

        ring.disable(keyId);
        assertThat(ring.find(keyId)).hasValueSatisfying(k -> assertThat(k.enabled()).isFalse());
        assertThatThrownBy(() -> cipher.seal(keyId, "db-pass", "v2", new byte[1]))
                .hasMessage("EncryptionKeyId: key 'key-rotator-default' is disabled");
        assertThat(cipher.open("db-pass", "v1", sealed)).asString().isEqualTo("s3cret");

        ring.enable(keyId);
        assertThat(ring.find(keyId)).hasValueSatisfying(k -> assertThat(k.enabled()).isTrue());
        assertThatThrownBy(() -> ring.disable("nope"))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND));
    }

    @Test
    void wrongRootKeyFailsVerificationWithAClearMessage() {
        String keyId = ring.ensureDefaultKey();
        ring.verifyRootKey(); // the right root key passes
        ring.createKey("RSA_2048", null); // no material: nothing to verify

        LocalKeyRing wrong = new LocalKeyRing(db, RootKey.generate());
        assertThatThrownBy(wrong::verifyRootKey)
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED))
                .hasMessage("root key does not match the key ring (key " + keyId + "): wrong root.key for this store")
                .hasNoCause();

        // Reading a value through the wrong ring gives the same message, not a decryption garble.
        EnvelopeCipher.Sealed sealed = new EnvelopeCipher(ring).seal(keyId, "db-pass", "v1", new byte[] {7});
        assertThatThrownBy(() -> new EnvelopeCipher(wrong).open("db-pass", "v1", sealed))
                .hasMessage("root key does not match the key ring (key " + keyId + "): wrong root.key for this store");
    }
}
