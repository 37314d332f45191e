package dev.rotator.core.engine;

import java.util.Objects;

/**
 * An event as the store keeps it: with the id the store gave it. Ids grow with every event appended, so a
 * reader can ask for what happened after the last id it saw.
 */
public record RecordedEvent(long id, RotationEvent event) {
    public RecordedEvent {
        Objects.requireNonNull(event, "event");
    }
}
