package dev.rotator.ecs;

import dev.rotator.core.ExtendedConfig;

import java.util.Locale;

import static dev.rotator.core.RotatorException.invalid;

/**
 * An ECS secret's ExtendedConfig, read: {@code SecretSubType} ({@code Password} or {@code SSHKey}), {@code InstanceId}
 * (an {@code ecs} target of the worker's configuration) and, for SSHKey, the key pairs rotation makes:
 * {@code KeyType} {@code Ed25519} (the default) or {@code RSA}, and {@code KeySize} for RSA (2048 to 8192 bits,
 * default 3072). Errors name the key.
 */
record EcsConfig(boolean keyPair, String instanceId, KeySpec keySpec) {
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    static final int DEFAULT_RSA_BITS = 3072;

    /** The kind of key pair a rotation makes. */
    record KeySpec(String type, int bits) {
        static final KeySpec ED25519 = new KeySpec("Ed25519", 256);

        boolean rsa() {
            return type.equals("RSA");
        }
    }

    static EcsConfig of(ExtendedConfig config) {
        boolean keyPair = switch (config.require("SecretSubType")) {
            case "Password" -> false;
            case "SSHKey" -> true;
            default -> throw invalid("ExtendedConfig.SecretSubType", "must be Password or SSHKey");
        };
        String type = config.string("KeyType").orElse("Ed25519");
        KeySpec spec;
        switch (type.toUpperCase(Locale.ROOT)) {
            case "ED25519" -> {
                if (config.string("KeySize").isPresent()) {
                    throw invalid("ExtendedConfig.KeySize", "applies to KeyType RSA only (Ed25519 keys have one size)");
                }
                spec = KeySpec.ED25519;
            }
            case "RSA" -> spec = new KeySpec("RSA", rsaBits(config));
            default -> throw invalid("ExtendedConfig.KeyType", "must be Ed25519 or RSA");
        }
        if (!keyPair && (config.string("KeyType").isPresent() || config.string("KeySize").isPresent())) {
            throw invalid("ExtendedConfig.KeyType", "applies to SecretSubType SSHKey only");
        }
        return new EcsConfig(keyPair, config.require("InstanceId"), spec);
    }

    private static int rsaBits(ExtendedConfig config) {
        String text = config.string("KeySize").orElse(String.valueOf(DEFAULT_RSA_BITS));
        int bits;
        try {
            bits = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid("ExtendedConfig.KeySize", "must be a number of bits from " + MIN_RSA_BITS + " to " + MAX_RSA_BITS);
        }
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS || bits % 8 != 0) {
            throw invalid("ExtendedConfig.KeySize", "must be a multiple of 8 from " + MIN_RSA_BITS + " to "
                    + MAX_RSA_BITS + " bits");
        }
        return bits;
    }
}
