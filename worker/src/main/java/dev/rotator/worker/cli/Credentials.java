package dev.rotator.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotator.worker.auth.AdminKeyFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The AccessKey the CLI signs with. Found, first match wins: an explicit {@code --key-file}; the
 * environment ({@code ROTATOR_ACCESS_KEY_ID} and {@code ROTATOR_ACCESS_KEY_SECRET}); the first
 * start's admin key file {@code ./data/admin-access-key.json}.
 */
record Credentials(String accessKeyId, String accessKeySecret, String source) {
    static final String ENV_ID = "ROTATOR_ACCESS_KEY_ID";
    static final String ENV_SECRET = "ROTATOR_ACCESS_KEY_SECRET";
    static final Path DEFAULT_KEY_FILE = Path.of("data", AdminKeyFile.FILE_NAME);

    static Credentials resolve(Path explicitKeyFile, Map<String, String> env) {
        if (explicitKeyFile != null) {
            return fromFile(explicitKeyFile, "--key-file " + explicitKeyFile);
        }
        String id = blankToNull(env.get(ENV_ID));
        String secret = blankToNull(env.get(ENV_SECRET));
        if (id != null && secret != null) {
            return new Credentials(id, secret, "the environment (" + ENV_ID + ")");
        }
        if (id != null || secret != null) {
            throw new CliException(ExitCode.USAGE, (id == null ? ENV_ID : ENV_SECRET) + " is not set, but "
                    + (id == null ? ENV_SECRET : ENV_ID) + " is: set both, or neither");
        }
        return fromFile(DEFAULT_KEY_FILE, "the default key file " + DEFAULT_KEY_FILE);
    }

    /** Reads {"AccessKeyId","AccessKeySecret"}; errors name the file, never its content. */
    static Credentials fromFile(Path file, String source) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.DENIED, "no AccessKey: " + source + " does not exist; give --key-file FILE "
                    + "(a JSON file like data/admin-access-key.json) or set " + ENV_ID + " and " + ENV_SECRET);
        } catch (IOException e) {
            throw new CliException(ExitCode.DENIED, "no AccessKey: " + source + " is not readable JSON");
        }
        String id = json == null ? null : blankToNull(json.path("AccessKeyId").asText(null));
        String secret = json == null ? null : blankToNull(json.path("AccessKeySecret").asText(null));
        if (id == null || secret == null) {
            throw new CliException(ExitCode.DENIED, "no AccessKey: " + source
                    + " must be a JSON object with AccessKeyId and AccessKeySecret");
        }
        return new Credentials(id, secret, source);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "Credentials[" + accessKeyId + " from " + source + "]";
    }
}
