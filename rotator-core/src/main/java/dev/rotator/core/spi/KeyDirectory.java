package dev.rotator.core.spi;

import java.util.Optional;

/** The encryption keys ("CMKs") that secrets may name in EncryptionKeyId. */
public interface KeyDirectory {

    record KeyInfo(String keyId, String keySpec, boolean symmetric, boolean enabled) {
    }

    Optional<KeyInfo> find(String keyId);

    /** The key used when a secret names none. */
    String defaultKeyId();
}
