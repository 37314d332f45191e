package dev.rotator.rds.mysql;

import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.testing.AccountAdminFixture;
import dev.rotator.rds.testing.Sessions;
import dev.rotator.rds.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static dev.rotator.rds.testing.Sessions.logsIn;
import static dev.rotator.rds.testing.Sessions.runs;
import static org.assertj.core.api.Assertions.assertThat;

/** Account management on the throwaway MariaDB 10.11, through its privileged account. */
class MySqlAccountAdminTest extends AccountAdminFixture {
    MySqlAccountAdminTest() {
        super(TestServer.MARIADB);
    }

    @Test
    void theCloneGetsTheSameHostPatternsTlsRequirementAndGrants() throws Exception {
        String u = sandbox.account("hosts");
        String db = DbEngine.MYSQL.quote(sandbox.database);
        sandbox.admin("CREATE TABLE " + db + ".t (id INT, note VARCHAR(20))",
                "CREATE USER '" + u + "'@'127.0.0.1' IDENTIFIED BY 'pw-1' REQUIRE SSL",
                "CREATE USER '" + u + "'@'localhost' IDENTIFIED BY 'pw-1'",
                "GRANT SELECT, INSERT ON " + db + ".* TO '" + u + "'@'127.0.0.1'",
                "GRANT UPDATE (note) ON " + db + ".t TO '" + u + "'@'127.0.0.1' WITH GRANT OPTION",
                "GRANT DELETE ON " + db + ".t TO '" + u + "'@'localhost'");

        admin.syncClone(u, DbEngine.cloneOf(u), "clone-pw-1");

        String clone = DbEngine.cloneOf(u);
        assertThat(hosts(clone)).containsExactly("127.0.0.1", "localhost");
        assertThat(showCreateUser(clone, "127.0.0.1")).contains("REQUIRE SSL");
        assertThat(showCreateUser(clone, "localhost")).doesNotContain("REQUIRE SSL");
        MySqlAccountAdmin mysql = (MySqlAccountAdmin) admin;
        for (String host : List.of("127.0.0.1", "localhost")) {
            AccountGrants source = mysql.grants(u, host);
            AccountGrants copy = mysql.grants(clone, host);
            assertThat(copy.byObject()).isEqualTo(source.byObject()).isNotEmpty();
        }
        assertThat(mysql.grants(clone, "127.0.0.1").byObject().values())
                .anySatisfy(privs -> assertThat(privs).contains(AccountGrants.GRANT_OPTION));
    }

    @Test
    void grantsAddedOrRevokedLaterReachTheCloneOnTheNextSync() throws Exception {
        String u = sandbox.account("later");
        String clone = DbEngine.cloneOf(u);
        String db = DbEngine.MYSQL.quote(sandbox.database);
        sandbox.admin("CREATE TABLE " + db + ".t (id INT)", "INSERT INTO " + db + ".t VALUES (1)");
        admin.createAccount(u, "pw-Later-1", List.of(sandbox.database), Permission.ReadOnly);
        admin.syncClone(u, clone, "pw-Clone-1");
        try (Connection c = sandbox.login(clone, "pw-Clone-1")) {
            assertThat(runs(c, "SELECT * FROM t")).isTrue();
            assertThat(runs(c, "INSERT INTO t VALUES (2)")).isFalse();
        }

        sandbox.admin("GRANT INSERT ON " + MySqlAccountAdmin.databaseObject(sandbox.database) + " TO '" + u + "'@'%'");
        admin.syncClone(u, clone, "unused");
        try (Connection c = sandbox.login(clone, "pw-Clone-1")) {
            assertThat(runs(c, "INSERT INTO t VALUES (2)")).as("a grant added to the primary later").isTrue();
        }

        sandbox.admin("REVOKE SELECT ON " + MySqlAccountAdmin.databaseObject(sandbox.database) + " FROM '" + u + "'@'%'");
        admin.syncClone(u, clone, "unused");
        try (Connection c = sandbox.login(clone, "pw-Clone-1")) {
            assertThat(runs(c, "SELECT * FROM t")).as("a grant revoked from the primary").isFalse();
        }
        assertThat(logsIn(sandbox, clone, "pw-Clone-1")).as("a re-sync keeps the clone's password").isTrue();
    }

    @Test
    void passwordsWithQuotesBackslashesAndSemicolonsAreSetVerbatim() throws Exception {
        String u = sandbox.account("quote");
        String nasty = "a'b\"c\\d`e;--f%g_h\\'";
        admin.createAccount(u, nasty, List.of(sandbox.database), Permission.ReadOnly);
        assertThat(logsIn(sandbox, u, nasty)).isTrue();
        admin.setPassword(u, nasty + "2");
        assertThat(logsIn(sandbox, u, nasty + "2")).isTrue();
        assertThat(logsIn(sandbox, u, nasty)).isFalse();
        // Sent as its mysql_native_password hash: the server never saw the plaintext.
        assertThat(showCreateUser(u, "%")).contains(MySqlAccountAdmin.nativePasswordHash(nasty + "2"));
    }

    @Test
    void underscoresInDatabaseNamesAreNotGrantWildcards() throws Exception {
        String u = sandbox.account("wild");
        admin.createAccount(u, "pw-Wild-1", List.of(sandbox.database), Permission.ReadOnly);
        assertThat(((MySqlAccountAdmin) admin).grants(u, "%").byObject().keySet())
                .containsExactly("`" + sandbox.database.replace("_", "\\_") + "`.*");
    }

    private List<String> hosts(String user) throws Exception {
        try (Connection c = sandbox.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT Host FROM mysql.user WHERE User = '" + user + "' ORDER BY Host")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private String showCreateUser(String user, String host) throws Exception {
        try (Connection c = sandbox.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE USER '" + user + "'@'" + host + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
