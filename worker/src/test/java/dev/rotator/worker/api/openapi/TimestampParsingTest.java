package dev.rotator.worker.api.openapi;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast path for x-acs-date / Timestamp accepts and refuses exactly what Instant.parse does. */
class TimestampParsingTest {
    @Test
    void agreesWithInstantParseOnWhatItAccepts() {
        for (String s : new String[] {"2026-11-30T21:17:54Z", "2024-02-29T00:00:00Z", "1999-12-31T23:59:59Z",
                "2024-06-30T23:59:60Z", "2024-01-01T24:00:00Z", "2026-11-30T21:17:54.123Z",
                "2026-11-30T21:17:54+01:00"}) {
            assertThat(RequestAuthenticator.parseUtc(s)).as(s).isEqualTo(Instant.parse(s));
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String s : new String[] {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z",
                "2024-01-01T00:60:00Z", "2024-01-0xT00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00",
                "", "-024-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> Instant.parse(s)).as("Instant.parse " + s).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> RequestAuthenticator.parseUtc(s)).as(s).isInstanceOf(DateTimeException.class);
        }
    }
}
