package dev.rotator.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A plaintext secret value. It never prints itself: toString is redacted, so a value
 * that slips into a log line, an event or an exception message shows as {@code ******}.
 */
public final class SecretValue {
    private final byte[] bytes;
    private final DataType dataType;

    private SecretValue(byte[] bytes, DataType dataType) {
        this.bytes = bytes.clone();
        this.dataType = dataType;
    }

    public static SecretValue text(String value) {
        return new SecretValue(value.getBytes(StandardCharsets.UTF_8), DataType.TEXT);
    }

    public static SecretValue of(byte[] bytes, DataType dataType) {
        return new SecretValue(bytes, dataType);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public DataType dataType() {
        return dataType;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && dataType == other.dataType
                && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "******";
    }
}
