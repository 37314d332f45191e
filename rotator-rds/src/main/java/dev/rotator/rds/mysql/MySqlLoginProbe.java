package dev.rotator.rds.mysql;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.rds.sql.DatabaseConnector;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.LoginProbe;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * MySQL/MariaDB: the session must be the account itself (CURRENT_USER(), so an anonymous account that took the
 * login is caught), hold privileges beyond USAGE, enter each of its databases (USE needs a privilege on the
 * database) and, where its permission allows, create and drop a temporary table there.
 */
public final class MySqlLoginProbe implements LoginProbe {

    @Override
    public void verify(DatabaseConnector login, String account, Expectation expected) {
        try (Connection c = login.open(null)) {
            String current = Sql.strings(c, "reading CURRENT_USER()", "SELECT CURRENT_USER()").get(0);
            String user = current.substring(0, Math.max(0, current.lastIndexOf('@')));
            if (!user.equals(account)) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, user.isEmpty()
                        ? "login as '" + account + "' landed on the anonymous account " + current + ": an anonymous "
                        + "account shadows the managed account; drop it (DROP USER ''@'<host>')"
                        : "login as '" + account + "' landed on account " + current);
            }
            AccountGrants grants = AccountGrants.read(Sql.strings(c, "reading the session's grants", "SHOW GRANTS"));
            if (!grants.holdsAnything()) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, "account '" + account
                        + "' logs in but holds no privilege beyond USAGE");
            }
            List<String> databases = expected.databases().isEmpty() ? visible(c, grants.databases())
                    : expected.databases();
            for (String db : databases) {
                Sql.exec(c, "account '" + account + "' entering database '" + db + "'", "USE " + DbEngine.MYSQL.quote(db));
            }
            boolean mayCreateTemporary = expected.permission().map(p -> p != Permission.ReadOnly).orElse(false);
            if (mayCreateTemporary && !databases.isEmpty()) {
                String table = DbEngine.MYSQL.quote(databases.get(0)) + "."
                        + DbEngine.MYSQL.quote("rotator_probe_" + UUID.randomUUID().toString().replace("-", ""));
                Sql.exec(c, "account '" + account + "' creating a temporary table", "CREATE TEMPORARY TABLE " + table
                        + " (id INT)");
                Sql.exec(c, "account '" + account + "' dropping its temporary table", "DROP TEMPORARY TABLE " + table);
            }
        } catch (SQLException e) {
            throw Sql.failed("logging in as '" + account + "'", e);
        }
    }

    /** The granted databases that exist (a grant may name a database not created yet). */
    private static List<String> visible(Connection c, List<String> granted) {
        return granted.stream().filter(db -> !Sql.strings(c, "looking up database '" + db + "'",
                "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", db).isEmpty()).toList();
    }
}
