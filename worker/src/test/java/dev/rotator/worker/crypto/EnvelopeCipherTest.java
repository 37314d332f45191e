package dev.rotator.worker.crypto;

import static dev.rotator.worker.testing.Bytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.worker.crypto.EnvelopeCipher.Sealed;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {
    static final String SECRET_MSG = "value of secret '%s' version '%s' cannot be decrypted:"
            + " it was not sealed for this secret and version, or its key is wrong";

    LocalKeyRing ring;
    EnvelopeCipher cipher;
    String keyId;

    @BeforeEach
    void setUp() throws Exception {
        ring = new LocalKeyRing(TestDb.create(), RootKey.generate());
        keyId = ring.ensureDefaultKey();
        cipher = new EnvelopeCipher(ring);
    }

    @Test
    void roundTripsTextBinaryEmptyAndLargeValues() {
        byte[] text = "{\"AccountName\":\"app\",\"AccountPassword\":\"pä$$w0rd\"}".getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        byte[] large = new byte[30_720];
        new Random(1).nextBytes(large);

        for (byte[] value : new byte[][] {text, binary, new byte[0], large}) {
            Sealed sealed = cipher.seal(keyId, "db-pass", "v1", value);
            assertThat(sealed.keyId()).isEqualTo(keyId);
            assertThat(sealed.ciphertext()).hasSize(12 + value.length + 16);
            assertThat(cipher.open("db-pass", "v1", sealed)).isEqualTo(value);
        }
    }

    @Test
    void eachSealIsFreshAndHidesThePlaintext() {
        byte[] value = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
        Sealed a = cipher.seal(keyId, "db-pass", "v1", value);
        Sealed b = cipher.seal(keyId, "db-pass", "v1", value);

        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
        assertThat(a.wrappedDataKey()).isNotEqualTo(b.wrappedDataKey());
        assertThat(Arrays.copyOfRange(a.ciphertext(), 0, 12)).isNotEqualTo(Arrays.copyOfRange(b.ciphertext(), 0, 12));
        assertThat(indexOf(a.ciphertext(), value)).isEqualTo(-1);
        assertThat(indexOf(a.wrappedDataKey(), value)).isEqualTo(-1);
        assertThat(a.toString()).doesNotContain("correct horse");
    }

    @Test
    void movedToAnotherSecretNameFails() {
        Sealed sealed = cipher.seal(keyId, "db-pass", "v1", "s3cret".getBytes());
        assertDecryptionFailed(() -> cipher.open("other-secret", "v1", sealed))
                .hasMessage(SECRET_MSG.formatted("other-secret", "v1"));
    }

    @Test
    void movedToAnotherVersionFails() {
        Sealed sealed = cipher.seal(keyId, "db-pass", "v1", "s3cret".getBytes());
        assertDecryptionFailed(() -> cipher.open("db-pass", "v2", sealed))
                .hasMessage(SECRET_MSG.formatted("db-pass", "v2"));
    }

    @Test
    void nameAndVersionBoundariesAreUnambiguous() {
        Sealed sealed = cipher.seal(keyId, "ab", "c", "s3cret".getBytes());
        assertDecryptionFailed(() -> cipher.open("a", "bc", sealed)).hasMessage(SECRET_MSG.formatted("a", "bc"));
        assertDecryptionFailed(() -> cipher.open("ab\0c", "", sealed)).hasMessage(SECRET_MSG.formatted("ab\0c", ""));
    }

    @Test
    void tamperedOrSwappedBytesFail() {
        Sealed sealed = cipher.seal(keyId, "db-pass", "v1", "s3cret".getBytes());
        for (int i : new int[] {0, 12, sealed.ciphertext().length - 1}) {
            byte[] ct = sealed.ciphertext().clone();
            ct[i] ^= 1;
            assertDecryptionFailed(() -> cipher.open("db-pass", "v1", new Sealed(keyId, sealed.wrappedDataKey(), ct)))
                    .hasMessage(SECRET_MSG.formatted("db-pass", "v1"));
        }
        byte[] dk = sealed.wrappedDataKey().clone();
        dk[20] ^= 1;
        assertDecryptionFailed(() -> cipher.open("db-pass", "v1", new Sealed(keyId, dk, sealed.ciphertext())))
                .hasMessage(SECRET_MSG.formatted("db-pass", "v1"));
        assertDecryptionFailed(() -> cipher.open("db-pass", "v1", new Sealed(keyId, sealed.wrappedDataKey(), new byte[5])))
                .hasMessage(SECRET_MSG.formatted("db-pass", "v1"));

        // Ciphertext of another value with this value's data key, and a data key claimed by another CMK.
        Sealed other = cipher.seal(keyId, "db-pass", "v1", "other".getBytes());
        assertDecryptionFailed(() -> cipher.open("db-pass", "v1", new Sealed(keyId, sealed.wrappedDataKey(), other.ciphertext())))
                .hasMessage(SECRET_MSG.formatted("db-pass", "v1"));
        String otherKey = ring.createKey("Aliyun_AES_256", null).keyId();
        assertDecryptionFailed(() -> cipher.open("db-pass", "v1", new Sealed(otherKey, sealed.wrappedDataKey(), sealed.ciphertext())))
                .hasMessage(SECRET_MSG.formatted("db-pass", "v1"));
    }

    @Test
    void aFailedOpenLeavesTheThreadAbleToOpenTheNextValue() {
        // Opens reuse one cipher per thread: a tag mismatch must not poison the next open.
        Sealed first = cipher.seal(keyId, "db-pass", "v1", "one".getBytes());
        Sealed second = cipher.seal(keyId, "db-pass", "v2", "two".getBytes());
        assertDecryptionFailed(() -> cipher.open("db-pass", "v2", first));
        assertThat(cipher.open("db-pass", "v2", second)).asString().isEqualTo("two");
        assertThat(cipher.open("db-pass", "v1", first)).asString().isEqualTo("one");
    }

    @Test
    void labelledValuesRoundTripAndAreBoundToTheirLabel() {
        Sealed sealed = cipher.seal(keyId, "accesskey:LTAI5t", "ak-secret".getBytes());
        assertThat(cipher.open("accesskey:LTAI5t", sealed)).asString().isEqualTo("ak-secret");
        assertDecryptionFailed(() -> cipher.open("accesskey:other", sealed))
                .hasMessage("value 'accesskey:other' cannot be decrypted: it was not sealed for this label, or its key is wrong");

        // A labelled value never opens as a secret version, and the other way round.
        Sealed version = cipher.seal(keyId, "db-pass", "v1", "x".getBytes());
        assertDecryptionFailed(() -> cipher.open("db-pass", version)).hasMessageStartingWith("value 'db-pass' cannot be decrypted");
        assertDecryptionFailed(() -> cipher.open("accesskey:LTAI5t", "", sealed))
                .hasMessage(SECRET_MSG.formatted("accesskey:LTAI5t", ""));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertDecryptionFailed(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED))
                .hasNoCause();
    }
}
