package dev.rotator.redis;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;

/** The Redis rotator plug-in, listed in META-INF/services/dev.rotator.core.spi.RotatorFactory. */
public final class RedisRotatorFactory implements RotatorFactory {
    @Override
    public SecretType type() {
        return SecretType.REDIS;
    }

    @Override
    public Rotator create(RotatorContext context) {
        return new RedisRotator(context);
    }
}
