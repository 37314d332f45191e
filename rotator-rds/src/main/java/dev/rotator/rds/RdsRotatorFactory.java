package dev.rotator.rds;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;

/** The Rds rotator plug-in, listed in META-INF/services/dev.rotator.core.spi.RotatorFactory. */
public final class RdsRotatorFactory implements RotatorFactory {
    @Override
    public SecretType type() {
        return SecretType.RDS;
    }

    @Override
    public Rotator create(RotatorContext context) {
        return new RdsRotator(context);
    }
}
