package dev.rotator.polardb;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;

/** The PolarDB rotator plug-in, listed in META-INF/services/dev.rotator.core.spi.RotatorFactory. */
public final class PolarDbRotatorFactory implements RotatorFactory {
    @Override
    public SecretType type() {
        return SecretType.POLARDB;
    }

    @Override
    public Rotator create(RotatorContext context) {
        return new PolarDbRotator(context);
    }
}
