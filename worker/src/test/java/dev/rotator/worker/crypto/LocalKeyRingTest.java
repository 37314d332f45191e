package dev.rotator.worker.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.KeyDirectory.KeyInfo;
import dev.rotator.worker.crypto.LocalKeyRing.KeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
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
    void createsSymmetricKeysWithAlibabaStyleIdsAVersionAndWrappedMaterial() throws Exception {
        KeyInfo key = ring.createKey("Aliyun_AES_256", "orders");
        assertThat(key.keyId()).matches("key-[0-9a-f]{24}");
        assertThat(key).isEqualTo(new KeyInfo(key.keyId(), "Aliyun_AES_256", true, true));
        assertThat(ring.find(key.keyId())).contains(key);
        KeyRecord record = ring.record(key.keyId()).orElseThrow();
        assertThat(record.keyVersionId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(record.keyUsage()).isEqualTo("ENCRYPT/DECRYPT");

        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key_usage, key_description, key_material FROM kms_keys"
                     + " WHERE key_id = ?")) {
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
    void asymmetricKeysGetRealPrivateKeysOfTheirSpecButCannotWrapDataKeys() throws Exception {
        KeyRecord rsa2048 = ring.create("RSA_2048", null, null, null);
        KeyRecord rsa3072 = ring.create("RSA_3072", "ENCRYPT/DECRYPT", null, null);
        assertThat(rsaBits(rsa2048)).isEqualTo(2048);
        assertThat(rsaBits(rsa3072)).isEqualTo(3072);
        assertThat(curve(ring.create("EC_P256", null, null, null))).isEqualTo(SECObjectIdentifiers.secp256r1);
        assertThat(curve(ring.create("EC_P256K", null, null, null))).isEqualTo(SECObjectIdentifiers.secp256k1);
        assertThat(curve(ring.create("EC_SM2", null, null, null))).isEqualTo(GMObjectIdentifiers.sm2p256v1);
        assertThat(X9ObjectIdentifiers.prime256v1).isEqualTo(SECObjectIdentifiers.secp256r1); // one curve, two names

        assertThat(rsa2048.keyUsage()).isEqualTo("SIGN/VERIFY"); // Alibaba's default where the spec can sign
        assertThat(rsa2048.info().symmetric()).isFalse();
        EnvelopeCipher cipher = new EnvelopeCipher(ring);
        assertThatThrownBy(() -> cipher.seal(rsa2048.keyId(), "db-pass", "v1", new byte[1]))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessage("EncryptionKeyId: key '" + rsa2048.keyId() + "' is RSA_2048; secrets need a symmetric key"
                        + " (Aliyun_AES_256 or Aliyun_SM4)");
        assertThat(ring.list()).hasSize(5);
    }

    @Test
    void usagesFollowAlibabasTablePerSpec() {
        assertThat(ring.create("EC_SM2", "ENCRYPT/DECRYPT", null, null).keyUsage()).isEqualTo("ENCRYPT/DECRYPT");
        assertThat(ring.create("Aliyun_SM4", null, null, null).keyUsage()).isEqualTo("ENCRYPT/DECRYPT");
        for (String[] bad : List.of(new String[] {"Aliyun_AES_256", "SIGN/VERIFY", "ENCRYPT/DECRYPT only"},
                new String[] {"EC_P256", "ENCRYPT/DECRYPT", "SIGN/VERIFY only"},
                new String[] {"EC_P256K", "ENCRYPT/DECRYPT", "SIGN/VERIFY only"},
                new String[] {"RSA_2048", "encrypt/decrypt", "SIGN/VERIFY or ENCRYPT/DECRYPT only"})) {
            assertThatThrownBy(() -> ring.create(bad[0], bad[1], null, null))
                    .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                    .hasMessage("KeyUsage: a " + bad[0] + " key can be used for " + bad[2]);
        }
        assertThat(ring.list()).hasSize(2);
    }

    @Test
    void unknownSpecAndLongDescriptionAreRefusedAndWriteNothing() {
        assertThatThrownBy(() -> ring.createKey("DES", null))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessage("KeySpec: must be one of Aliyun_AES_256, Aliyun_SM4, RSA_2048, RSA_3072, EC_P256, EC_P256K, EC_SM2");
        assertThatThrownBy(() -> ring.createKey("aliyun_aes_256", null)).hasMessageStartingWith("KeySpec: must be one of");
        assertThatThrownBy(() -> ring.createKey("Aliyun_AES_256", "d".repeat(8_193)))
                .hasMessage("Description: at most 8192 characters");
        assertThat(ring.list()).isEmpty();
        assertThat(ring.record(ring.createKey("Aliyun_AES_256", "d".repeat(8_192)).keyId()).orElseThrow().description())
                .hasSize(8_192);
    }

    @Test
    void aesKeysSealWithAes256GcmAndSm4KeysWithSm4Gcm() throws Exception {
        KeyRecord aes = ring.create("Aliyun_AES_256", null, null, null);
        KeyRecord sm4 = ring.create("Aliyun_SM4", null, null, null);
        byte[] plaintext = "attack at dawn".getBytes(StandardCharsets.UTF_8);
        List<String> context = List.of("purpose", "test");
        byte[] aad = Gcm.aad("rotator-kms", aes.keyId(), aes.keyVersionId(), "purpose", "test");

        // Opened here with the JDK's AES/GCM and with Bouncy Castle's SM4 directly, not through the ring.
        byte[] aesSealed = ring.encrypt(aes, plaintext, context);
        assertThat(jdkAesGcmOpen(ring.materialForTest(aes.keyId()), aesSealed, aad)).isEqualTo(plaintext);

        byte[] sm4Material = ring.materialForTest(sm4.keyId());
        assertThat(sm4Material).hasSize(16);
        byte[] sm4Sealed = ring.encrypt(sm4, plaintext, context);
        assertThat(sm4Sealed).hasSize(12 + plaintext.length + 16);
        assertThat(bcSm4GcmOpen(sm4Material, sm4Sealed, Gcm.aad("rotator-kms", sm4.keyId(), sm4.keyVersionId(),
                "purpose", "test"))).isEqualTo(plaintext);
        assertThat(ring.decrypt(sm4, sm4.keyVersionId(), sm4Sealed, context)).isEqualTo(plaintext);
    }

    @Test
    void anSm4KeyCanEncryptSecrets() {
        KeyInfo sm4 = ring.createKey("Aliyun_SM4", null);
        EnvelopeCipher cipher = new EnvelopeCipher(ring);
        EnvelopeCipher.Sealed sealed = cipher.seal(sm4.keyId(), "db-pass", "v1", "s3cret".getBytes());
        assertThat(cipher.open("db-pass", "v1", sealed)).asString().isEqualTo("s3cret");
        assertThatThrownBy(() -> cipher.open("db-pass", "v2", sealed)).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void apiCiphertextsAndSecretDataKeysCannotBeSwapped() throws Exception {
        // A data key wrapped for a secret must not open through the Encrypt/Decrypt AAD, whatever the context.
        String keyId = ring.ensureDefaultKey();
        KeyRecord key = ring.record(keyId).orElseThrow();
        byte[] wrapped = ring.wrap(keyId, new byte[32], Gcm.aad("rotator-dk", keyId, "db-pass", "v1"));
        assertThatThrownBy(() -> ring.decrypt(key, key.keyVersionId(), wrapped, List.of("db-pass", "v1")))
                .isInstanceOf(javax.crypto.AEADBadTagException.class);
        byte[] apiSealed = ring.encrypt(key, new byte[32], List.of());
        assertThat(ring.unwrap(keyId, apiSealed, Gcm.aad("rotator-kms", keyId, key.keyVersionId()))).hasSize(32);
        assertThatThrownBy(() -> ring.unwrap(keyId, apiSealed, Gcm.aad("rotator-dk", keyId, "db-pass", "v1")))
                .isInstanceOf(javax.crypto.AEADBadTagException.class);
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
        ring.verifyRootKey(); // the right root key passes, asymmetric material included
        ring.createKey("RSA_2048", null);
        ring.verifyRootKey();

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

    private int rsaBits(KeyRecord key) throws Exception {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(ring.materialForTest(key.keyId())));
        return rsa.getModulus().bitLength();
    }

    private ASN1ObjectIdentifier curve(KeyRecord key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ring.materialForTest(key.keyId()));
        assertThat(info.getPrivateKeyAlgorithm().getAlgorithm()).isEqualTo(X9ObjectIdentifiers.id_ecPublicKey);
        return ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
    }

    private static byte[] jdkAesGcmOpen(byte[] key, byte[] sealed, byte[] aad) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        c.updateAAD(aad);
        return c.doFinal(sealed, 12, sealed.length - 12);
    }

    private static byte[] bcSm4GcmOpen(byte[] key, byte[] sealed, byte[] aad) throws Exception {
        GCMModeCipher c = GCMBlockCipher.newInstance(new SM4Engine());
        c.init(false, new AEADParameters(new KeyParameter(key), 128, java.util.Arrays.copyOf(sealed, 12), aad));
        byte[] out = new byte[c.getOutputSize(sealed.length - 12)];
        int n = c.processBytes(sealed, 12, sealed.length - 12, out, 0);
        c.doFinal(out, n);
        return out;
    }
}
