package dev.rotator.bench.rotation.rds;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The target side of the floor: the statements RdsRotator's set and test steps send in a steady dual-account
 * rotation (both accounts exist, the clone's grants already match), written out by hand over plain JDBC. Reads are
 * sent as the rotator sends them, prepared with bound names; statements as plain ones. The benchmark's statement
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

    static List<String> strings(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
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
