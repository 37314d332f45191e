package dev.rotator.core;

import java.time.Instant;

/** The last rotation failure kept on a secret. The message never holds a secret value. */
public record RotationError(String code, String message, String step, Instant at) {
}
