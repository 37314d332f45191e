package dev.rotator.rds;

import dev.rotator.core.RotatorException;
import dev.rotator.core.SecretValue;
import dev.rotator.rds.sql.DbEngine;
import dev.rotator.rds.testing.Accounts;
import dev.rotator.rds.testing.Rotation;
import dev.rotator.rds.testing.TestContext;
import dev.rotator.rds.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.rotator.rds.testing.Sessions.logsIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only MySQL-compatible servers have: host patterns and anonymous accounts. */
class RdsRotatorMariaDbTest {
    private static final String TARGET = "maria-1";

    /** A DoubleUsers secret importing {@code account}@{@code host}, made by hand with SELECT on the sandbox. */
    private static Rotation importedAt(TestServer.Sandbox sb, String secretName, String account, String host,
                                       String password) {
        String at = "'" + account + "'@'" + host + "'";
        sb.admin("CREATE USER " + at + " IDENTIFIED BY '" + password + "'",
                "GRANT SELECT ON " + DbEngine.MYSQL.quote(sb.database) + ".* TO " + at);
        Map<String, Object> dual = new LinkedHashMap<>();
        dual.put("SecretSubType", "DoubleUsers");
        dual.put("DBInstanceId", TARGET);
        return new Rotation(new RdsRotator(TestContext.of(sb, TARGET)), secretName, dual,
                Accounts.imported(account, password));
    }

    @Test
    void anImportedAccountAtOneHostGetsItsCloneAtThatHostOnly() throws Exception {
        try (TestServer.Sandbox sb = TestServer.MARIADB.sandbox()) {
            String u = sb.account("host");
            Rotation r = importedAt(sb, "rds/host", u, "127.0.0.1", "Host-pw-1");
            SecretValue clone = r.rotate();
            assertThat(logsIn(sb, Accounts.name(clone), Accounts.password(clone))).isTrue();
            try (Connection c = sb.adminConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT Host FROM mysql.user WHERE User = '" + u + "_clone'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                assertThat(rs.next()).as("no '%' account beside it").isFalse();
            }
        }
    }

    @Test
    void anonymousAccountsThatShadowTheManagedAccountFailTheTestStepSayingSo() throws Exception {
        try (TestServer.Sandbox sb = TestServer.MARIADB.sandbox()) {
            String u = sb.account("anon");
            Rotation r = importedAt(sb, "rds/anon", u, "%", "Anon-pw-1");
            SecretValue pending = r.createOnly();
            // The anonymous accounts shadow every '%' account of the server: keep them for as short as possible.
            sb.admin("CREATE USER IF NOT EXISTS ''@'localhost'", "CREATE USER IF NOT EXISTS ''@'127.0.0.1'");
            try {
                assertThatThrownBy(r::rotate).isInstanceOf(RotatorException.class)
                        .hasMessageContaining("anonymous accounts")
                        .hasMessageContaining("''@'127.0.0.1'")
                        .hasMessageContaining(Accounts.name(pending))
                        .hasMessageNotContaining(Accounts.password(pending));
            } finally {
                sb.admin("DROP USER IF EXISTS ''@'localhost'", "DROP USER IF EXISTS ''@'127.0.0.1'");
            }
            assertThat(Accounts.name(r.rotate())).as("the rotation completes once they are gone")
                    .isEqualTo(Accounts.name(pending));
        }
    }
}
