package dev.rotator.worker.cli;

import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where a secret value comes from ({@code --data}, {@code --data-file} or standard input) and its
 * SecretDataType. The result is the wire form of SecretData: the text itself, or Base64 for binary.
 * Values are taken exactly as given: no newline is added or removed.
 */
final class SecretValueInput {

    @Option(names = "--data", paramLabel = "VALUE", description = "The value (visible in the process list and "
            + "shell history: prefer --data-file or standard input). Base64 for --data-type binary.")
    String data;

    @Option(names = "--data-file", paramLabel = "FILE", description = "Read the value from FILE, exactly "
            + "(binary: the raw bytes). Without --data and --data-file the value is read from standard input.")
    Path dataFile;

    @Option(names = "--data-type", paramLabel = "TYPE", defaultValue = "text",
            description = "text (default) or binary.")
    String dataType;

    /** The SecretDataType to send. */
    String dataType() {
        if (!"text".equals(dataType) && !"binary".equals(dataType)) {
            throw new CliException(ExitCode.USAGE, "--data-type must be text or binary, got '" + dataType + "'");
        }
        return dataType;
    }

    /** The SecretData to send, read from the chosen source. */
    String secretData(InputStream stdin, Console console) {
        boolean binary = "binary".equals(dataType());
        if (data != null && dataFile != null) {
            throw new CliException(ExitCode.USAGE, "give the value with --data or --data-file, not both");
        }
        if (data != null) {
            if (binary && !isBase64(data)) {
                throw new CliException(ExitCode.USAGE, "--data must be Base64 for --data-type binary "
                        + "(or give the raw bytes with --data-file)");
            }
            return requireNonEmpty(data, "--data");
        }
        if (dataFile != null) {
            try {
                return fromBytes(Files.readAllBytes(dataFile), binary, "--data-file " + dataFile);
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "--data-file " + dataFile + " cannot be read: " + e.getMessage());
            }
        }
        if (console != null) {
            // A person at a terminal: ask without echoing the value.
            char[] typed = console.readPassword(binary ? "Secret value (Base64): " : "Secret value: ");
            String value = typed == null ? "" : new String(typed);
            if (binary && !isBase64(value)) {
                throw new CliException(ExitCode.USAGE, "the value typed must be Base64 for --data-type binary");
            }
            return requireNonEmpty(value, "the value typed");
        }
        try {
            return fromBytes(readAll(stdin), binary, "standard input");
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "standard input cannot be read: " + e.getMessage());
        }
    }

    private static String fromBytes(byte[] bytes, boolean binary, String source) {
        if (bytes.length == 0) {
            throw new CliException(ExitCode.USAGE, source + " is empty: no secret value to send");
        }
        if (binary) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCode.USAGE, source + " is not UTF-8 text: use --data-type binary for bytes");
        }
    }

    private static String requireNonEmpty(String value, String source) {
        if (value.isEmpty()) {
            throw new CliException(ExitCode.USAGE, source + " is empty: no secret value to send");
        }
        return value;
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return !text.isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
