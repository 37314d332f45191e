package dev.rotator.worker.crypto;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import javax.crypto.AEADBadTagException;

/**
 * The key that wraps the key ring: 256 bits in {@code <dataDir>/root.key}, stored as one line
 * of standard base64 (44 characters, trailing newline allowed) so it can be backed up and
 * restored as text. Losing it makes every stored value unreadable, so it is never replaced
 * silently: a store that already holds keys refuses to start without it.
 */
public final class RootKey {
    public static final String FILE_NAME = "root.key";

    private final byte[] key;
    private final String origin;

    private RootKey(byte[] key, String origin) {
        if (key.length != Gcm.KEY_BYTES) {
            throw new RotatorException(ErrorCode.INVALID_PARAMETER,
                    "root key " + origin + " must be 32 bytes (256 bits), found " + key.length);
        }
        this.key = key.clone();
        this.origin = origin;
    }

    /** For tests and embedding: a root key from raw bytes (copied). */
    public static RootKey of(byte[] key) {
        return new RootKey(key, "(in memory)");
    }

    /** For tests: a fresh random root key that is not written anywhere. */
    public static RootKey generate() {
        byte[] key = Gcm.randomKey();
        try {
            return of(key);
        } finally {
            Gcm.wipe(key);
        }
    }

    /**
     * Loads {@code <dataDir>/root.key}, or creates it (owner-only, POSIX 600) when the store is
     * new. A missing file for a store that already holds keys is an error, never a new key.
     */
    public static RootKey loadOrCreate(Path dataDir, boolean storeIsNew) {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file);
        }
        if (!storeIsNew) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "root key " + file
                    + " is missing; the key ring in the store was sealed with it (restore the file from backup)");
        }
        byte[] key = Gcm.randomKey();
        try {
            Files.createDirectories(dataDir);
            FileAttribute<?>[] attrs = dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            // createFile is atomic with CREATE_NEW semantics: two starting workers cannot both write a key.
            Files.createFile(file, attrs);
            try {
                Files.write(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII),
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            } catch (IOException e) {
                Files.deleteIfExists(file); // an empty root.key would block the next start
                throw e;
            }
            return new RootKey(key, file.toString());
        } catch (FileAlreadyExistsException e) {
            return load(file);
        } catch (IOException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "cannot create root key " + file + ": " + e, e);
        } finally {
            Gcm.wipe(key);
        }
    }

    /** Loads a root key file: one line of base64 encoding exactly 32 bytes. */
    public static RootKey load(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "cannot read root key " + file + ": " + e, e);
        }
        byte[] key = null;
        try {
            key = Base64.getDecoder().decode(new String(raw, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            // fall through: reported below without echoing the content
        } finally {
            Gcm.wipe(raw);
        }
        if (key == null || key.length != Gcm.KEY_BYTES) {
            throw new RotatorException(ErrorCode.INTERNAL_FAILURE, "root key " + file
                    + " is not valid: expected one line of base64 encoding 32 bytes (256 bits)");
        }
        try {
            return new RootKey(key, file.toString());
        } finally {
            Gcm.wipe(key);
        }
    }

    byte[] wrap(byte[] material, byte[] aad) {
        return Gcm.seal(key, material, aad);
    }

    byte[] unwrap(byte[] wrapped, byte[] aad) throws AEADBadTagException {
        return Gcm.open(key, wrapped, aad);
    }

    @Override
    public String toString() {
        return "RootKey[" + origin + "]";
    }
}
