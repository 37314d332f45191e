package dev.rotator.bench.rotation.rds;

import dev.rotator.rds.postgres.ScramVerifier;
import dev.rotator.rds.sql.DbEndpoint;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL: what PostgresAccountAdmin sends for set (the pending role's SCRAM verifier, the clone's attributes and
 * membership compared with the primary's, its login role set again) and PostgresLoginProbe for test (session and
 * current user, a table created in a transaction rolled back).
 */
final class PostgresFloorSql extends FloorSql {
    private static final DbEngine PG = DbEngine.POSTGRESQL;
    private static final String EXISTS = "SELECT rolname FROM pg_roles WHERE rolname = ?";
    private static final String ATTRIBUTES = "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, "
            + "rolbypassrls, rolconnlimit FROM pg_roles WHERE rolname = ?";
    private static final String MEMBER_OF = "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r "
            + "ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ?";

    PostgresFloorSql(DbEndpoint endpoint, String database) {
        super(endpoint, database);
    }

    @Override
    void set(Connection c, String primary, String clone, boolean pendingIsPrimary, String password)
            throws SQLException {
        require(!strings(c, EXISTS, primary).isEmpty(), "no primary role");
        if (pendingIsPrimary) {
            setPassword(c, primary, password);
        }
        strings(c, ATTRIBUTES, primary);
        strings(c, EXISTS, clone);
        strings(c, ATTRIBUTES, clone);
        require(strings(c, MEMBER_OF, clone).contains(primary), "the clone is no member of the primary");
        exec(c, "ALTER ROLE " + PG.quote(clone) + " SET role = " + Sql.postgresLiteral(primary));
        if (!pendingIsPrimary) {
            setPassword(c, clone, password);
        }
    }

    private static void setPassword(Connection c, String role, String password) throws SQLException {
        strings(c, EXISTS, role);
        exec(c, "ALTER ROLE " + PG.quote(role) + " PASSWORD "
                + Sql.postgresLiteral(ScramVerifier.of(password).orElseThrow()));
    }

    @Override
    void probe(String account, String password, String actsAs) throws SQLException {
        try (Connection c = endpoint.connect(database, account, password)) {
            String[] who = strings(c, "SELECT session_user || ',' || current_user").get(0).split(",", 2);
            require(who[0].equals(account) && who[1].equals(actsAs), "session runs as " + String.join("/", who));
            c.setAutoCommit(false);
            try {
                exec(c, "CREATE TABLE public." + probeTable() + " (id int)");
            } finally {
                c.rollback();
            }
        }
    }
}
