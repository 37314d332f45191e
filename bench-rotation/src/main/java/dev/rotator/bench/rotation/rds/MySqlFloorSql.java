package dev.rotator.bench.rotation.rds;

import dev.rotator.rds.mysql.MySqlAccountAdmin;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * MariaDB: what MySqlAccountAdmin sends for set (session checks, the pending account's new password at each of its
 * hosts, the clone's options and grants compared with the primary's) and MySqlLoginProbe for test (the session is the
 * account, it holds grants, enters its database, creates and drops a temporary table there).
 */
final class MySqlFloorSql extends FloorSql {
    private static final DbEngine MY = DbEngine.MYSQL;
    private static final String HOSTS = "SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host";
    private static final String OPTIONS = "SELECT Host, ssl_type, ssl_cipher, x509_issuer, x509_subject, "
            + "max_questions, max_updates, max_connections, max_user_connections FROM mysql.user WHERE User = ? "
            + "ORDER BY Host";
    /** SHOW GRANTS of the clone after the primary's: missing grants, extra grants, default role, final compare. */
    private static final int CLONE_GRANT_READS = 4;

    MySqlFloorSql(DbEndpoint endpoint, String database) {
        super(endpoint, database);
    }

    @Override
    void set(Connection c, String primary, String clone, boolean pendingIsPrimary, String password)
            throws SQLException {
        strings(c, "SELECT VERSION()");
        strings(c, "SELECT @@SESSION.sql_mode");
        require(!strings(c, HOSTS, primary).isEmpty(), "no primary account");
        if (pendingIsPrimary) {
            setPassword(c, primary, password);
        }
        List<String> hosts = strings(c, OPTIONS, primary);
        strings(c, OPTIONS, clone);
        for (String host : hosts) {
            strings(c, "SHOW GRANTS FOR " + grantee(primary, host));
            for (int i = 0; i < CLONE_GRANT_READS; i++) {
                strings(c, "SHOW GRANTS FOR " + grantee(clone, host));
            }
        }
        if (!pendingIsPrimary) {
            setPassword(c, clone, password);
        }
    }

    private static void setPassword(Connection c, String account, String password) throws SQLException {
        for (String host : strings(c, HOSTS, account)) {
            exec(c, "ALTER USER " + grantee(account, host) + " IDENTIFIED BY PASSWORD '"
                    + MySqlAccountAdmin.nativePasswordHash(password) + "'");
        }
    }

    @Override
    void probe(String account, String password, String actsAs) throws SQLException {
        try (Connection c = endpoint.connect(null, account, password)) {
            String current = strings(c, "SELECT CURRENT_USER()").get(0);
            require(current.startsWith(account + "@"), "login landed on " + current);
            require(!strings(c, "SHOW GRANTS").isEmpty(), "no grants");
            exec(c, "USE " + MY.quote(database));
            String table = MY.quote(database) + "." + MY.quote(probeTable());
            exec(c, "CREATE TEMPORARY TABLE " + table + " (id INT)");
            exec(c, "DROP TEMPORARY TABLE " + table);
        }
    }

    private static String grantee(String user, String host) {
        return MY.quote(user) + "@" + MY.quote(host);
    }
}
