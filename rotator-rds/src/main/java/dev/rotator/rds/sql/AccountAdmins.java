package dev.rotator.rds.sql;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.rds.mysql.MySqlAccountAdmin;
import dev.rotator.rds.postgres.PostgresAccountAdmin;

import java.sql.Connection;
import java.sql.SQLException;

/** Logs in as a target's privileged account and hands back the account manager of its engine. */
public final class AccountAdmins {
    private AccountAdmins() {
    }

    public static AccountAdmin open(DbEndpoint endpoint, String adminUser, String adminPassword) {
        Connection c;
        try {
            c = endpoint.connect(null, adminUser, adminPassword);
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "logging in to " + endpoint + " as the privileged "
                    + "account '" + adminUser + "' failed: " + e.getMessage(), e);
        }
        try {
            return switch (endpoint.engine()) {
                case MYSQL -> new MySqlAccountAdmin(c);
                case POSTGRESQL -> new PostgresAccountAdmin(c, db -> endpoint.connect(db, adminUser, adminPassword));
            };
        } catch (RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
