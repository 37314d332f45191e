package dev.rotator.rds.sql;

import dev.rotator.rds.mysql.MySqlLoginProbe;
import dev.rotator.rds.postgres.PostgresLoginProbe;

import java.util.List;
import java.util.Optional;

/**
 * The test step's check of one engine: on a fresh session opened with the credential under test alone, the
 * session is the managed account (not an account that shadows it) and it can use a privilege it should hold,
 * not merely log in.
 */
public interface LoginProbe {

    /**
     * @param login opens a fresh connection with the credential under test ({@code null}: no or the maintenance
     *              database)
     * @throws dev.rotator.core.RotatorException Rejected.RotationFailed naming what did not hold
     */
    void verify(DatabaseConnector login, String account, Expectation expected);

    /**
     * What the account should be able to do.
     *
     * @param permission what it was created with, when the rotator created it
     * @param databases  the databases it was given, when the rotator created it
     * @param actsAs     PostgreSQL: the role a clone acts as after login (its primary)
     */
    record Expectation(Optional<Permission> permission, List<String> databases, Optional<String> actsAs) {
        public Expectation {
            databases = List.copyOf(databases);
        }
    }

    static LoginProbe of(DbEngine engine) {
        return switch (engine) {
            case MYSQL -> new MySqlLoginProbe();
            case POSTGRESQL -> new PostgresLoginProbe();
        };
    }
}
