package dev.rotator.rds.postgres;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.rds.sql.DatabaseConnector;
import dev.rotator.rds.sql.LoginProbe;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL: the session user is the account; a clone acts as its primary after login (the ownership remedy is
 * in place); and in each of its databases it holds what its permission gives: CREATE on schema public (proved by
 * creating a table in a transaction rolled back) or USAGE on it.
 */
public final class PostgresLoginProbe implements LoginProbe {

    @Override
    public void verify(DatabaseConnector login, String account, Expectation expected) {
        List<String> databases = new ArrayList<>(expected.databases());
        if (databases.isEmpty()) {
            databases.add(null); // the maintenance database
        }
        for (String db : databases) {
            try (Connection c = login.open(db)) {
                List<String> who = Sql.strings(c, "reading the session's role",
                        "SELECT session_user || ',' || current_user");
                String[] names = who.get(0).split(",", 2);
                if (!names[0].equals(account)) {
                    throw new RotatorException(ErrorCode.ROTATION_FAILED, "login as '" + account
                            + "' runs as session user '" + names[0] + "'");
                }
                String actsAs = expected.actsAs().orElse(account);
                if (!names[1].equals(actsAs)) {
                    throw new RotatorException(ErrorCode.ROTATION_FAILED, "role '" + account + "' acts as '" + names[1]
                            + "' after login instead of '" + actsAs + "' (ALTER ROLE ... SET role is missing)");
                }
                expected.permission().ifPresent(p -> exercise(c, account, db, p));
            } catch (SQLException e) {
                throw Sql.failed("logging in as '" + account + "'" + (db == null ? "" : " to database '" + db + "'"), e);
            }
        }
    }

    private static void exercise(Connection c, String account, String db, Permission p) {
        if (p == Permission.ReadWrite || p == Permission.DDLOnly) {
            try {
                c.setAutoCommit(false);
                Sql.exec(c, "role '" + account + "' creating a table in database '" + db + "'",
                        "CREATE TABLE public.rotator_probe_" + UUID.randomUUID().toString().replace("-", "") + " (id int)");
            } catch (SQLException e) {
                throw Sql.failed("starting a transaction", e);
            } finally {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    // The connection closes next; its transaction dies with it.
                }
            }
            return;
        }
        String usage = Sql.strings(c, "checking schema privileges", "SELECT has_schema_privilege('public', 'USAGE')::text")
                .get(0);
        if (!"true".equals(usage)) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, "role '" + account
                    + "' has no USAGE on schema public of database '" + db + "'");
        }
    }
}
