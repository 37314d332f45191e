package dev.rotator.bench.rotation.rds;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The target side of the floor: the statements RdsRotator's set and test steps send in a steady dual-account
 * rotation (both accounts exist, the clone's grants already match), written out by hand over plain JDBC through the
 * rotator's own two helpers (reads prepared with bound names, statements plain), so the driver sees the same calls. The benchmark's statement
 * trace proves, rotation for rotation, that this sends what the rotator sends.
 */
abstract class FloorSql {
    protected final DbEndpoint endpoint;
    protected final String database;

    FloorSql(DbEndpoint endpoint, String database) {
        this.endpoint = endpoint;
        this.database = database;
    }

    static FloorSql of(DbEndpoint endpoint, String database) {
        return endpoint.engine() == DbEngine.MYSQL ? new MySqlFloorSql(endpoint, database)
                : new PostgresFloorSql(endpoint, database);
    }

    /** The set step: a fresh login as the privileged account, then the new password and the clone sync. */
    abstract void set(Connection admin, String primary, String clone, boolean pendingIsPrimary, String password)
            throws SQLException;

    /** The test step: a fresh login with the pending credential alone, and the privilege probe. */
    abstract void probe(String account, String password, String actsAs) throws SQLException;

    Connection admin(String user, String password) throws SQLException {
        return endpoint.connect(null, user, password);
    }

    /** A read as the rotator sends it (rotator-rds's own helper: prepared, names bound). */
    static List<String> strings(Connection c, String sql, String... params) {
        return Sql.strings(c, "floor read", sql, params);
    }

    /** A statement as the rotator sends it (plain). */
    static void exec(Connection c, String sql) {
        Sql.exec(c, "floor statement", sql);
    }

    static void require(boolean holds, String what) {
        if (!holds) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "floor: " + what);
        }
    }

    static String probeTable() {
        return "rotator_probe_" + UUID.randomUUID().toString().replace("-", "");
    }
}
