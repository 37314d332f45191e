package dev.rotator.ram;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;

/** The RAMCredentials rotator plug-in, listed in META-INF/services/dev.rotator.core.spi.RotatorFactory. */
public final class RamRotatorFactory implements RotatorFactory {
    @Override
    public SecretType type() {
        return SecretType.RAM_CREDENTIALS;
    }

    @Override
    public Rotator create(RotatorContext context) {
        return new RamRotator(context);
    }
}
