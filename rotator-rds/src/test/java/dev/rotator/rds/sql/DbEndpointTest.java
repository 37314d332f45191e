package dev.rotator.rds.sql;

import dev.rotator.core.RotatorException;
import dev.rotator.core.spi.Target;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A database target's settings as the rotator reads them (docs/rotators/rds.md, "The target"). */
class DbEndpointTest {
    private static DbEndpoint of(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of("engine", "postgresql", "host", "db.internal",
                "adminSecret", "targets/db/admin"));
        settings.putAll(more);
        return DbEndpoint.of(new Target("db", "rds", settings));
    }

    @Test
    void aTargetThatSaysNothingAboutTlsIsReachedEncrypted() {
        assertThat(of(Map.of()).tls()).as("as docs/configuration.md promises").isEqualTo("require");
        assertThat(of(Map.of("tls", "disable")).tls()).isEqualTo("disable");
        assertThat(of(Map.of("tls", "Verify-Full")).tls()).isEqualTo("verify-full");
    }

    @Test
    void defaultsAndBadSettingsAreNamed() {
        DbEndpoint pg = of(Map.of());
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(pg.maintenanceDatabase()).isEqualTo("postgres");
        assertThat(of(Map.of("engine", "mysql")).port()).isEqualTo(3306);
        assertThatThrownBy(() -> of(Map.of("tls", "prefer"))).isInstanceOf(RotatorException.class)
                .hasMessageContaining("tls: must be disable, require or verify-full");
        assertThatThrownBy(() -> of(Map.of("port", "x"))).isInstanceOf(RotatorException.class)
                .hasMessageContaining("targets.db.port: must be a number");
    }
}
