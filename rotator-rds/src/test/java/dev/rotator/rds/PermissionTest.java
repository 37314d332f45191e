package dev.rotator.rds;

import dev.rotator.rds.sql.AccountAdmin;
import dev.rotator.rds.sql.Permission;
import dev.rotator.rds.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.util.List;

import static dev.rotator.rds.testing.Sessions.runs;
import static org.assertj.core.api.Assertions.assertThat;

/** Each permission, as an account created with it experiences it: what runs and what the server refuses. */
class PermissionTest {

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void eachPermissionAllowsWhatItShouldAndRefusesTheRest(TestServer server) throws Exception {
        try (TestServer.Sandbox sb = server.sandbox(); AccountAdmin admin = sb.accountAdmin()) {
            sb.admin("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)");
            for (Permission p : Permission.values()) {
                String u = sb.account(p.name().toLowerCase());
                admin.createAccount(u, "pw-" + p + "-9", List.of(sb.database), p);
                try (Connection c = sb.login(u, "pw-" + p + "-9")) {
                    List<Boolean> did = List.of(runs(c, "SELECT * FROM t"), runs(c, "INSERT INTO t VALUES (2)"),
                            runs(c, "CREATE TABLE " + u + "_t (id INT)"), runs(c, "DROP TABLE " + u + "_t"));
                    // SELECT, INSERT, CREATE TABLE, DROP of the table it created
                    List<Boolean> expected = switch (p) {
                        case ReadWrite -> List.of(true, true, true, true);
                        case ReadOnly -> List.of(true, false, false, false);
                        case DDLOnly -> List.of(false, false, true, true);
                        case DMLOnly -> List.of(true, true, false, false);
                    };
                    assertThat(did).as(server + " " + p).isEqualTo(expected);
                }
            }
        }
    }
}
