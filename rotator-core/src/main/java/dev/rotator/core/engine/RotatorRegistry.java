package dev.rotator.core.engine;

import dev.rotator.core.SecretType;
import dev.rotator.core.spi.Rotator;
import dev.rotator.core.spi.RotatorContext;
import dev.rotator.core.spi.RotatorFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The rotators on the class path, one per secret type, found with {@link ServiceLoader}. */
public final class RotatorRegistry {
    private final Map<SecretType, Rotator> rotators;

    public RotatorRegistry(Map<SecretType, Rotator> rotators) {
        this.rotators = rotators.isEmpty() ? Map.of() : new EnumMap<>(rotators);
    }

    public static RotatorRegistry load(RotatorContext context, ClassLoader classLoader) {
        Map<SecretType, Rotator> found = new EnumMap<>(SecretType.class);
        for (RotatorFactory factory : ServiceLoader.load(RotatorFactory.class, classLoader)) {
            Rotator previous = found.putIfAbsent(factory.type(), factory.create(context));
            if (previous != null) {
                throw new IllegalStateException("two rotators for secret type " + factory.type()
                        + " on the class path: " + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return new RotatorRegistry(found);
    }

    public Optional<Rotator> forType(SecretType type) {
        return Optional.ofNullable(rotators.get(type));
    }

    public Map<SecretType, Rotator> all() {
        return Map.copyOf(rotators);
    }
}
