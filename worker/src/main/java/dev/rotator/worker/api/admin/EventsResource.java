package dev.rotator.worker.api.admin;

import dev.rotator.core.engine.RecordedEvent;
import dev.rotator.core.engine.RotationEvent;
import dev.rotator.core.spi.SecretStore;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rotator.core.RotatorException.invalid;

/**
 * {@code GET /admin/v1/secrets/{name}/events?limit=N[&after=Id]}: the audit trail. Newest first; with
 * {@code after}, only events with a greater Id, oldest first, which is how {@code rotate --wait} follows a rotation.
 * Events outlive their secret, so a deleted secret's trail can still be read.
 */
final class EventsResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMS = Set.of("limit", "after");

    private final SecretStore store;

    EventsResource(SecretStore store) {
        this.store = store;
    }

    AdminReply list(AdminRequest request) {
        request.onlyParams(PARAMS);
        int limit = limit(request.param("limit"));
        String after = request.param("after");
        List<RecordedEvent> events = after == null ? store.latestEvents(request.subject(), limit)
                : store.eventsAfter(request.subject(), afterId(after), limit);
        return AdminReply.ok(AdminReply.fields("Events", events.stream().map(EventsResource::event).toList()));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (!text.matches("\\d{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
            throw invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(text);
    }

    private static long afterId(String text) {
        if (!text.matches("\\d{1,18}")) {
            throw invalid("after", "must be an event Id, a whole number of 0 or more");
        }
        return Long.parseLong(text);
    }

    private static Map<String, Object> event(RecordedEvent recorded) {
        RotationEvent e = recorded.event();
        return AdminReply.fields("Id", recorded.id(), "Token", e.token(), "Step", e.step(), "Outcome", e.outcome(),
                "DurationMs", e.durationMillis(), "ErrorCode", e.errorCode(), "ErrorMessage", e.errorMessage(),
                "Time", AdminReply.time(e.at()));
    }
}
