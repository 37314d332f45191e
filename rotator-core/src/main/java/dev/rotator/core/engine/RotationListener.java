package dev.rotator.core.engine;

import dev.rotator.core.SecretType;

/**
 * Told of every rotation event right after the engine writes it to the store (metrics feed on
 * this). Called on the rotating thread, so it must be quick; what it throws is logged and ignored,
 * never allowed to disturb the rotation.
 */
@FunctionalInterface
public interface RotationListener {
    RotationListener NONE = (type, event) -> { };

    void onEvent(SecretType type, RotationEvent event);
}
