package dev.rotator.worker.crypto;

import dev.rotator.core.RotatorException;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The key specs CreateKey accepts, as Alibaba documents them (CreateKey, "key types and
 * specifications"): two symmetric specs, which encrypt, and five asymmetric ones, which this server
 * generates and keeps (wrapped like symmetric material) but never uses: there is no AsymmetricSign or
 * AsymmetricEncrypt here, and secrets need a symmetric key.
 */
public enum KeySpec {
    ALIYUN_AES_256("Aliyun_AES_256", List.of(KeySpec.ENCRYPT_DECRYPT)),
    ALIYUN_SM4("Aliyun_SM4", List.of(KeySpec.ENCRYPT_DECRYPT)),
    RSA_2048("RSA_2048", List.of(KeySpec.SIGN_VERIFY, KeySpec.ENCRYPT_DECRYPT)),
    RSA_3072("RSA_3072", List.of(KeySpec.SIGN_VERIFY, KeySpec.ENCRYPT_DECRYPT)),
    EC_P256("EC_P256", List.of(KeySpec.SIGN_VERIFY)),
    EC_P256K("EC_P256K", List.of(KeySpec.SIGN_VERIFY)),
    EC_SM2("EC_SM2", List.of(KeySpec.SIGN_VERIFY, KeySpec.ENCRYPT_DECRYPT));

    public static final String ENCRYPT_DECRYPT = "ENCRYPT/DECRYPT";
    public static final String SIGN_VERIFY = "SIGN/VERIFY";

    private final String wireName;
    /** Allowed KeyUsage values; the first is the default (Alibaba: SIGN/VERIFY where the spec can sign). */
    private final List<String> usages;

    KeySpec(String wireName, List<String> usages) {
        this.wireName = wireName;
        this.usages = usages;
    }

    /** The spec named {@code name} (exact case, as Alibaba's API); absent means Aliyun_AES_256. */
    public static KeySpec parse(String name) {
        if (name == null || name.isEmpty()) {
            return ALIYUN_AES_256;
        }
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> RotatorException.invalid("KeySpec", "must be one of "
                        + Arrays.stream(values()).map(KeySpec::wireName).collect(Collectors.joining(", "))));
    }

    /** The usage {@code usage} checked against this spec; absent gives the spec's default. */
    public String usage(String usage) {
        if (usage == null || usage.isEmpty()) {
            return usages.get(0);
        }
        if (!usages.contains(usage)) {
            throw RotatorException.invalid("KeyUsage", "a " + wireName + " key can be used for "
                    + String.join(" or ", usages) + " only");
        }
        return usage;
    }

    public String wireName() {
        return wireName;
    }

    public boolean symmetric() {
        return this == ALIYUN_AES_256 || this == ALIYUN_SM4;
    }

    /** Fresh key material: the raw key for symmetric specs, the PKCS#8 DER private key for asymmetric ones. */
    byte[] generateMaterial() {
        return switch (this) {
            case ALIYUN_AES_256 -> Gcm.randomKey();
            case ALIYUN_SM4 -> random(Sm4Gcm.KEY_BYTES);
            case RSA_2048 -> rsa(2048);
            case RSA_3072 -> rsa(3072);
            case EC_P256 -> ec("secp256r1");
            case EC_P256K -> ec("secp256k1");
            case EC_SM2 -> ec("sm2p256v1");
        };
    }

    /** Seals with symmetric material: AES-256-GCM or SM4-GCM. */
    byte[] seal(byte[] material, byte[] plaintext, byte[] aad) {
        return switch (this) {
            case ALIYUN_AES_256 -> Gcm.seal(material, plaintext, aad);
            case ALIYUN_SM4 -> Sm4Gcm.seal(material, plaintext, aad);
            default -> throw new IllegalStateException(wireName + " is not a symmetric spec");
        };
    }

    byte[] open(byte[] material, byte[] sealed, byte[] aad) throws AEADBadTagException {
        return switch (this) {
            case ALIYUN_AES_256 -> Gcm.open(material, sealed, aad);
            case ALIYUN_SM4 -> Sm4Gcm.open(material, sealed, aad);
            default -> throw new IllegalStateException(wireName + " is not a symmetric spec");
        };
    }

    private static byte[] random(int n) {
        byte[] key = new byte[n];
        Gcm.RANDOM.nextBytes(key);
        return key;
    }

    private static byte[] rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, Gcm.RANDOM);
            return encoded(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available in this JDK", e);
        }
    }

    /** EC keys come from Bouncy Castle: the JDK dropped secp256k1 and never had SM2. */
    private static byte[] ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
            generator.initialize(new ECGenParameterSpec(curve), Gcm.RANDOM);
            return encoded(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation on " + curve + " failed", e);
        }
    }

    private static byte[] encoded(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalStateException("private key format " + key.getFormat() + ", expected PKCS#8");
        }
        return key.getEncoded();
    }

    /** Used directly, never registered: nothing else in the JVM changes provider. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
