package dev.rotator.rds.postgres;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;
import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.DatabaseConnector;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.sql.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Roles on PostgreSQL (tested on 15). Passwords go as SCRAM-SHA-256 verifiers computed here, so the plaintext
 * never reaches the server or its logs.
 *
 * <p>The clone of a dual pair is a member of the primary role and logs in with {@code role} set to it
 * ({@code ALTER ROLE clone SET role = 'primary'}): it holds exactly the primary's privileges, including those
 * granted later, and whatever it creates is owned by the primary, so objects made under either login stay fully
 * usable by the other (docs/rotators/rds.md, "PostgreSQL ownership").
 */
public final class PostgresAccountAdmin implements AccountAdmin {
    private static final DbEngine PG = DbEngine.POSTGRESQL;
    private static final String TABLES_RW = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER";
    private static final String TABLES_DML = "SELECT, INSERT, UPDATE, DELETE";

    /**
     * Statements per permission, run in each database: %1$s is the database, %2$s the role (both quoted). Default
     * privileges reach what the privileged account creates later; what exists already is {@link #OBJECTS}.
     */
    private static final Map<Permission, List<String>> GRANTS = Map.of(
            Permission.ReadWrite, List.of(
                    "GRANT CONNECT, TEMPORARY ON DATABASE %1$s TO %2$s",
                    "GRANT USAGE, CREATE ON SCHEMA public TO %2$s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT " + TABLES_RW + " ON TABLES TO %2$s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %2$s"),
            Permission.ReadOnly, List.of(
                    "GRANT CONNECT ON DATABASE %1$s TO %2$s",
                    "GRANT USAGE ON SCHEMA public TO %2$s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %2$s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON SEQUENCES TO %2$s"),
            Permission.DDLOnly, List.of(
                    "GRANT CONNECT, TEMPORARY ON DATABASE %1$s TO %2$s",
                    "GRANT USAGE, CREATE ON SCHEMA public TO %2$s"),
            Permission.DMLOnly, List.of(
                    "GRANT CONNECT ON DATABASE %1$s TO %2$s",
                    "GRANT USAGE ON SCHEMA public TO %2$s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT " + TABLES_DML + " ON TABLES TO %2$s",
                    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %2$s"));

    /** Privileges per permission on the objects of schema public that exist when the account is made. */
    private static final Map<Permission, Map<ExistingObjects, String>> OBJECTS = Map.of(
            Permission.ReadWrite, Map.of(ExistingObjects.TABLE, TABLES_RW,
                    ExistingObjects.SEQUENCE, "USAGE, SELECT, UPDATE", ExistingObjects.ROUTINE, "EXECUTE"),
            Permission.ReadOnly, Map.of(ExistingObjects.TABLE, "SELECT", ExistingObjects.SEQUENCE, "SELECT"),
            Permission.DDLOnly, Map.of(),
            Permission.DMLOnly, Map.of(ExistingObjects.TABLE, TABLES_DML,
                    ExistingObjects.SEQUENCE, "USAGE, SELECT, UPDATE"));

    private final Connection c;
    private final DatabaseConnector databases;

    /**
     * @param adminConnection a connection to the maintenance database as the privileged account
     * @param databases       opens the same login on another database
     */
    public PostgresAccountAdmin(Connection adminConnection, DatabaseConnector databases) {
        this.c = adminConnection;
        this.databases = databases;
    }

    /** The statements a permission maps to in one database (docs/rotators/rds.md). */
    public static List<String> grants(Permission permission, String database, String role) {
        return GRANTS.get(permission).stream().map(s -> String.format(s, PG.quote(database), PG.quote(role))).toList();
    }

    @Override
    public DbEngine engine() {
        return PG;
    }

    @Override
    public boolean exists(String account) {
        return !Sql.strings(c, "looking up role '" + account + "'", "SELECT rolname FROM pg_roles WHERE rolname = ?",
                account).isEmpty();
    }

    @Override
    public void createAccount(String account, String password, List<String> dbs, Permission permission) {
        for (String db : dbs) {
            if (Sql.strings(c, "looking up database '" + db + "'", "SELECT datname FROM pg_database WHERE datname = ?",
                    db).isEmpty()) {
                throw new RotatorException(ErrorCode.ROTATION_FAILED, "database '" + db + "' does not exist on the target");
            }
        }
        createAccount(account, password);
        for (String db : dbs) {
            try (Connection dbc = databases.open(db)) {
                String what = "granting " + permission + " on database '" + db + "' to role '" + account + "'";
                for (String sql : grants(permission, db, account)) {
                    Sql.exec(dbc, what, sql);
                }
                for (Map.Entry<ExistingObjects, String> e : OBJECTS.get(permission).entrySet()) {
                    e.getKey().grant(dbc, what, e.getValue(), PG.quote(account));
                }
            } catch (SQLException e) {
                throw Sql.failed("connecting to database '" + db + "' as the privileged account", e);
            }
        }
    }

    @Override
    public void createAccount(String account, String password) {
        if (!exists(account)) {
            Sql.execSecret(c, "creating role '" + account + "'", "CREATE ROLE " + PG.quote(account) + " LOGIN PASSWORD "
                    + passwordLiteral(password));
        }
    }

    @Override
    public void createPrivilegedAccount(String account, String password) {
        if (!exists(account)) {
            Sql.execSecret(c, "creating privileged role '" + account + "'", "CREATE ROLE " + PG.quote(account)
                    + " LOGIN CREATEDB CREATEROLE PASSWORD " + passwordLiteral(password));
        }
    }

    @Override
    public void setPassword(String account, String password) {
        if (!exists(account)) {
            throw RotatorException.notFound("role '" + account + "' on the target");
        }
        Sql.execSecret(c, "setting the password of role '" + account + "'", "ALTER ROLE " + PG.quote(account)
                + " PASSWORD " + passwordLiteral(password));
    }

    @Override
    public void syncClone(String source, String clone, String clonePassword) {
        RoleAttributes wanted = attributes(source);
        if (wanted == null) {
            throw RotatorException.notFound("role '" + source + "' on the target");
        }
        if (!exists(clone)) {
            Sql.execSecret(c, "creating role '" + clone + "'", "CREATE ROLE " + PG.quote(clone) + " LOGIN PASSWORD "
                    + passwordLiteral(clonePassword));
        }
        RoleAttributes have = attributes(clone);
        if (!wanted.sameAs(have)) {
            Sql.exec(c, "copying the attributes of role '" + source + "' to '" + clone + "'",
                    "ALTER ROLE " + PG.quote(clone) + " " + wanted.clauseFrom(have));
        }
        List<String> memberOf = Sql.strings(c, "reading the memberships of role '" + clone + "'",
                "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                        + "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ?", clone);
        if (!memberOf.contains(source)) {
            Sql.exec(c, "making role '" + clone + "' a member of '" + source + "'",
                    "GRANT " + PG.quote(source) + " TO " + PG.quote(clone));
        }
        for (String other : memberOf) {
            if (!other.equals(source)) {
                Sql.exec(c, "revoking membership in '" + other + "' (its source holds it only through itself) from '"
                        + clone + "'", "REVOKE " + PG.quote(other) + " FROM " + PG.quote(clone));
            }
        }
        Sql.exec(c, "making role '" + clone + "' act as '" + source + "' at login",
                "ALTER ROLE " + PG.quote(clone) + " SET role = " + Sql.postgresLiteral(source));
    }

    private RoleAttributes attributes(String role) {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, "
                + "rolbypassrls, rolconnlimit FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new RoleAttributes(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                        rs.getBoolean(4), rs.getBoolean(5), rs.getInt(6)) : null;
            }
        } catch (SQLException e) {
            throw Sql.failed("reading the attributes of role '" + role + "'", e);
        }
    }

    @Override
    public List<String> shadowing(String account) {
        return List.of(); // PostgreSQL matches roles by exact name: nothing can take another role's login
    }

    @Override
    public void drop(String account) {
        if (exists(account)) {
            // Its grants (database, schema, tables) would refuse DROP ROLE.
            Sql.exec(c, "dropping role '" + account + "'", "DROP OWNED BY " + PG.quote(account));
        }
        Sql.exec(c, "dropping role '" + account + "'", "DROP ROLE IF EXISTS " + PG.quote(account));
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException e) {
            // Nothing was left half-done: every statement above runs on its own.
        }
    }

    /** The verifier when it can be computed here, else the password as an escaped literal (non-ASCII ones). */
    private static String passwordLiteral(String password) {
        return Sql.postgresLiteral(ScramVerifier.of(password).orElse(password));
    }

    /**
     * Objects of schema public that exist already, granted by name. Only those the privileged account may grant
     * are: its own and its roles' (all of them for a superuser). {@code GRANT ... ON ALL TABLES IN SCHEMA} would fail
     * whole on the first table an application role owns, as RDS's privileged account (not a superuser) finds.
     */
    private enum ExistingObjects {
        TABLE("SELECT format('public.%I', c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                + "AND pg_has_role(c.relowner, 'USAGE') ORDER BY 1"),
        SEQUENCE("SELECT format('public.%I', c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_has_role(c.relowner, 'USAGE') ORDER BY 1"),
        ROUTINE("SELECT format('public.%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid)) FROM pg_proc p "
                + "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
                + "AND pg_has_role(p.proowner, 'USAGE') ORDER BY 1");

        /** Names quoted by the server ({@code %I}), so that they are spliced as identifiers only. */
        private final String grantable;

        ExistingObjects(String grantable) {
            this.grantable = grantable;
        }

        void grant(Connection c, String what, String privileges, String role) {
            List<String> names = Sql.strings(c, what, grantable);
            if (!names.isEmpty()) {
                Sql.exec(c, what, "GRANT " + privileges + " ON " + name() + " " + String.join(", ", names) + " TO " + role);
            }
        }
    }

    /** Role attributes a clone copies (membership does not pass them on). The clone always INHERITs. */
    private record RoleAttributes(boolean superuser, boolean createDb, boolean createRole, boolean replication,
                                  boolean bypassRls, int connectionLimit) {

        boolean sameAs(RoleAttributes other) {
            return equals(other);
        }

        /** Only what differs: SUPERUSER, REPLICATION and BYPASSRLS need a superuser to change. */
        String clauseFrom(RoleAttributes have) {
            StringBuilder sb = new StringBuilder("INHERIT");
            flag(sb, superuser, have.superuser, "SUPERUSER");
            flag(sb, createDb, have.createDb, "CREATEDB");
            flag(sb, createRole, have.createRole, "CREATEROLE");
            flag(sb, replication, have.replication, "REPLICATION");
            flag(sb, bypassRls, have.bypassRls, "BYPASSRLS");
            if (connectionLimit != have.connectionLimit) {
                sb.append(" CONNECTION LIMIT ").append(connectionLimit);
            }
            return sb.toString();
        }

        private static void flag(StringBuilder sb, boolean want, boolean have, String keyword) {
            if (want != have) {
                sb.append(' ').append(want ? "" : "NO").append(keyword);
            }
        }
    }
}
