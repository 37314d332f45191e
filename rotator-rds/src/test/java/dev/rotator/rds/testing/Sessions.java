package dev.rotator.rds.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Whether a statement runs for a session: what a user of the account would notice. */
public final class Sessions {
    private Sessions() {
    }

    /** True when the statement ran; false when the server refused it (for lack of privilege or otherwise). */
    public static boolean runs(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** True when a fresh login with this password works. */
    public static boolean logsIn(TestServer.Sandbox sandbox, String account, String password) {
        try (Connection c = sandbox.login(account, password)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }
}
