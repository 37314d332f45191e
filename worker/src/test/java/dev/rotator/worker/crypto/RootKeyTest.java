package dev.rotator.worker.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyTest {
    @TempDir
    Path dataDir;

    @Test
    void createdOnFirstStartOwnerOnlyAndReloaded() throws Exception {
        String dirPermsBefore = PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir));
        RootKey created = RootKey.loadOrCreate(dataDir, true);
        Path file = dataDir.resolve("root.key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo(dirPermsBefore);
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);

        // Same key on the next start: something wrapped with the first opens with the second.
        byte[] wrapped = created.wrap(new byte[] {1, 2, 3}, new byte[0]);
        RootKey reloaded = RootKey.loadOrCreate(dataDir, false);
        assertThat(reloaded.unwrap(wrapped, new byte[0])).containsExactly(1, 2, 3);
        assertThat(RootKey.load(file).unwrap(wrapped, new byte[0])).containsExactly(1, 2, 3);
    }

    @Test
    void missingForExistingStoreIsRefused() {
        Path file = dataDir.resolve("root.key");
        assertThatThrownBy(() -> RootKey.loadOrCreate(dataDir, false))
                .isInstanceOf(RotatorException.class)
                .hasMessage("root key " + file + " is missing; the key ring in the store was sealed with it"
                        + " (restore the file from backup)");
        assertThat(file).doesNotExist();
    }

    @Test
    void wrongSizeOrFormatIsRefused() throws Exception {
        Path file = dataDir.resolve("root.key");
        String expected = "root key " + file + " is not valid: expected one line of base64 encoding 32 bytes (256 bits)";

        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> RootKey.loadOrCreate(dataDir, true)).hasMessage(expected);

        Files.writeString(file, "not base64 at all!");
        assertThatThrownBy(() -> RootKey.load(file)).hasMessage(expected);

        Files.write(file, new byte[32]); // raw bytes are not the documented format
        assertThatThrownBy(() -> RootKey.load(file)).isInstanceOf(RotatorException.class).hasMessage(expected);
    }

    @Test
    void fromBytesChecksLengthAndNeverPrintsTheKey() {
        byte[] bytes = new byte[32];
        bytes[0] = 42;
        RootKey key = RootKey.of(bytes);
        assertThat(key.toString()).isEqualTo("RootKey[(in memory)]")
                .doesNotContain(Base64.getEncoder().encodeToString(bytes));
        assertThat(RootKey.loadOrCreate(dataDir, true).toString())
                .isEqualTo("RootKey[" + dataDir.resolve("root.key") + "]");

        assertThatThrownBy(() -> RootKey.of(new byte[31]))
                .isInstanceOfSatisfying(RotatorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessage("root key (in memory) must be 32 bytes (256 bits), found 31");
    }
}
