package dev.rotator.worker.auth;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first start's admin AccessKey, written to {@code <dataDir>/admin-access-key.json} as
 * {@code {"AccessKeyId","AccessKeySecret"}}, readable by its owner only.
 */
public final class AdminKeyFile {
    public static final String FILE_NAME = "admin-access-key.json";

    private AdminKeyFile() {
    }

    /** Makes the admin key when the store has no principal yet; a later start leaves everything as it is. */
    public static void ensure(AccessKeyStore keys, Path dataDir) {
        if (keys.count() > 0) {
            return;
        }
        // The file first: if saving the key then fails, the next start makes a new one and rewrites the file.
        AccessKeyStore.NewAccessKey admin = keys.generate(AccessKeyStore.ADMIN_NAME, PrincipalPolicy.admin());
        Map<String, String> json = new LinkedHashMap<>();
        json.put("AccessKeyId", admin.accessKeyId());
        json.put("AccessKeySecret", admin.accessKeySecret());
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(file);
            // Created with owner-only permissions, so the secret is never readable by others, not even briefly.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        keys.save(admin);
    }
}
