package dev.rotator.core;

import java.util.Optional;

/** SecretDataType: how a value is to be read back. */
public enum DataType {
    TEXT("text"), BINARY("binary");

    private final String wireName;

    DataType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<DataType> fromWire(String name) {
        for (DataType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
