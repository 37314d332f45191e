package dev.rotator.ecs;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;

/** The ECS rotator plug-in, listed in META-INF/services/dev.rotator.core.spi.RotatorFactory. */
public final class EcsRotatorFactory implements RotatorFactory {
    @Override
    public SecretType type() {
        return SecretType.ECS;
    }

    @Override
    public Rotator create(RotatorContext context) {
        return new EcsRotator(context);
    }
}
