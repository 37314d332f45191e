package dev.rotator.rds.postgres;

import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.AccountAdmins;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.testing.AccountAdminFixture;
import dev.rotator.rds.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static dev.rotator.rds.testing.Sessions.logsIn;
import static dev.rotator.rds.testing.Sessions.runs;
import static org.assertj.core.api.Assertions.assertThat;

/** Role management on the throwaway PostgreSQL 15, through its privileged account. */
class PostgresAccountAdminTest extends AccountAdminFixture {
    PostgresAccountAdminTest() {
        super(TestServer.POSTGRESQL);
    }

    @Test
    void objectsCreatedUnderEitherLoginStayFullyUsableByTheOther() throws Exception {
        String u = sandbox.account("own");
        String clone = DbEngine.cloneOf(u);
        admin.createAccount(u, "pw-Own-1", List.of(sandbox.database), Permission.ReadWrite);
        admin.syncClone(u, clone, "pw-Clone-1");

        try (Connection primary = sandbox.login(u, "pw-Own-1"); Connection copy = sandbox.login(clone, "pw-Clone-1")) {
            assertThat(runs(primary, "CREATE TABLE by_primary (id int)")).isTrue();
            assertThat(runs(primary, "INSERT INTO by_primary VALUES (1)")).isTrue();
            assertThat(runs(copy, "CREATE TABLE by_clone (id int)")).isTrue();
            assertThat(runs(copy, "INSERT INTO by_clone VALUES (1)")).isTrue();

            assertFullyUsable(copy, "by_primary");
            assertFullyUsable(primary, "by_clone");
        }
    }

    private static void assertFullyUsable(Connection c, String table) {
        assertThat(runs(c, "SELECT * FROM " + table)).as("SELECT " + table).isTrue();
        assertThat(runs(c, "INSERT INTO " + table + " VALUES (2)")).as("INSERT " + table).isTrue();
        assertThat(runs(c, "ALTER TABLE " + table + " ADD COLUMN note text")).as("ALTER " + table).isTrue();
        assertThat(runs(c, "DROP TABLE " + table)).as("DROP " + table).isTrue();
    }

    @Test
    void theCloneHoldsExactlyThePrimarysPrivilegesIncludingLaterOnes() throws Exception {
        String u = sandbox.account("later");
        String clone = DbEngine.cloneOf(u);
        String other = sandbox.account("otherrole");
        sandbox.admin("CREATE TABLE t (id int)", "CREATE TABLE later_t (id int)", "CREATE ROLE " + other);
        admin.createAccount(u, "pw-Later-1", List.of(sandbox.database), Permission.ReadOnly);
        sandbox.admin("ALTER ROLE " + u + " CREATEDB", "CREATE ROLE " + clone + " LOGIN PASSWORD 'pw-Clone-1'",
                "GRANT " + other + " TO " + clone);

        admin.syncClone(u, clone, "unused");

        try (Connection c = sandbox.login(clone, "pw-Clone-1")) {
            assertThat(runs(c, "SELECT * FROM t")).isTrue();
            assertThat(runs(c, "INSERT INTO t VALUES (1)")).isFalse();
            assertThat(runs(c, "SELECT * FROM later_t")).isTrue();
        }
        sandbox.admin("GRANT INSERT ON t TO " + u);
        admin.syncClone(u, clone, "unused");
        try (Connection c = sandbox.login(clone, "pw-Clone-1")) {
            assertThat(runs(c, "INSERT INTO t VALUES (1)")).as("a grant added to the primary later").isTrue();
        }
        assertThat(query("SELECT rolcreatedb::text FROM pg_roles WHERE rolname = '" + clone + "'")).isEqualTo("true");
        assertThat(query("SELECT count(*)::text FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                + "JOIN pg_roles c ON c.oid = m.member WHERE c.rolname = '" + clone + "' AND r.rolname = '" + other + "'"))
                .as("a membership the primary does not hold").isEqualTo("0");
    }

    @Test
    void aPrivilegedAccountThatIsNotASuperuserGrantsWhatItMayAndLeavesOutWhatApplicationRolesOwn() throws Exception {
        String rdsAdmin = sandbox.account("rdsadmin");
        String appOwner = sandbox.account("appowner");
        String u = sandbox.account("newapp");
        // RDS's privileged account: CREATEROLE CREATEDB, owner of the database; an application role owns objects too.
        sandbox.admin("CREATE ROLE " + rdsAdmin + " LOGIN CREATEROLE CREATEDB PASSWORD 'pw-Rds-1'",
                "ALTER DATABASE " + sandbox.database + " OWNER TO " + rdsAdmin,
                "CREATE ROLE " + appOwner, "CREATE TABLE theirs (id int)", "CREATE SEQUENCE theirs_seq",
                "CREATE FUNCTION theirs_f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "ALTER TABLE theirs OWNER TO " + appOwner, "ALTER SEQUENCE theirs_seq OWNER TO " + appOwner,
                "ALTER FUNCTION theirs_f() OWNER TO " + appOwner, "REVOKE EXECUTE ON FUNCTION theirs_f() FROM PUBLIC",
                "CREATE TABLE mine (id int)", "CREATE SEQUENCE mine_seq", "ALTER TABLE mine OWNER TO " + rdsAdmin,
                "ALTER SEQUENCE mine_seq OWNER TO " + rdsAdmin);

        try (AccountAdmin rds = AccountAdmins.open(sandbox.endpoint(), rdsAdmin, "pw-Rds-1")) {
            rds.createAccount(u, "pw-New-1", List.of(sandbox.database), Permission.ReadWrite);
        }
        try (Connection c = sandbox.login(u, "pw-New-1")) {
            assertThat(runs(c, "INSERT INTO mine VALUES (1)")).as("a table the privileged account owns").isTrue();
            assertThat(runs(c, "SELECT nextval('mine_seq')")).isTrue();
            assertThat(runs(c, "SELECT * FROM theirs")).as("a table an application role owns").isFalse();
        }
        try (Connection c = sandbox.login(u, "pw-New-1")) {
            assertThat(runs(c, "SELECT nextval('theirs_seq')")).isFalse();
        }
    }

    @Test
    void passwordsAreSentAsScramVerifiersAndWorkVerbatim() throws Exception {
        String u = sandbox.account("quote");
        String nasty = "a'b\"c\\d`e;--f$$g E'h";
        admin.createAccount(u, nasty, List.of(sandbox.database), Permission.ReadOnly);
        assertThat(logsIn(sandbox, u, nasty)).isTrue();
        String unicode = "pässwörd-ünïcödé-1";
        admin.setPassword(u, unicode);
        assertThat(logsIn(sandbox, u, unicode)).as("a non-ASCII password, left to the server's SASLprep").isTrue();
        assertThat(logsIn(sandbox, u, nasty)).isFalse();
        admin.setPassword(u, nasty);
        assertThat(logsIn(sandbox, u, nasty)).isTrue();
        assertThat(query("SELECT rolpassword FROM pg_authid WHERE rolname = '" + u + "'")).startsWith("SCRAM-SHA-256$4096:");
    }

    private String query(String sql) throws Exception {
        try (Connection c = sandbox.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
