package dev.rotator.core.spi;

import dev.rotator.core.SecretType;

/**
 * Entry point of a rotator plug-in, found with {@link java.util.ServiceLoader}: a jar that lists
 * its factory in {@code META-INF/services/dev.rotator.core.spi.RotatorFactory} adds a secret type.
 */
public interface RotatorFactory {

    SecretType type();

    Rotator create(RotatorContext context);
}
