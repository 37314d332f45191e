package dev.rotator.worker.testing;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;

import static dev.rotator.worker.testing.TestDatabases.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The servers the tests rotate credentials on must check passwords, or a password test proves
 * nothing (the machine's own PostgreSQL trusts 127.0.0.1). This proves scripts/test-servers.sh
 * started them that way.
 */
class ThrowawayServersTest {

    @Test
    void postgresqlRefusesAWrongPasswordAndTakesTheRightOne() throws SQLException {
        String url = env("ROTATOR_TEST_PG_URL");
        assertThatThrownBy(() -> DriverManager.getConnection(url, env("ROTATOR_TEST_PG_USER"), "wrong-password"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        try (var c = DriverManager.getConnection(url, env("ROTATOR_TEST_PG_USER"), env("ROTATOR_TEST_PG_PASSWORD"));
             var rs = c.createStatement().executeQuery("SHOW password_encryption")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("scram-sha-256");
        }
    }

    @Test
    void mariadbRefusesAWrongPasswordAndHasNoAnonymousAccounts() throws SQLException {
        String url = env("ROTATOR_TEST_MARIADB_URL");
        assertThatThrownBy(() -> DriverManager.getConnection(url, env("ROTATOR_TEST_MARIADB_USER"), "wrong-password"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        try (var c = DriverManager.getConnection(url, env("ROTATOR_TEST_MARIADB_USER"),
                env("ROTATOR_TEST_MARIADB_PASSWORD"));
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM mysql.user WHERE user = ''")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void redisRequiresAuthForTheDefaultUser() throws Exception {
        try (Socket socket = new Socket(env("ROTATOR_TEST_REDIS_HOST"), Integer.parseInt(env("ROTATOR_TEST_REDIS_PORT")))) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(resp("PING"));
            assertThat(in.readLine()).startsWith("-NOAUTH");
            out.write(resp("AUTH", "wrong-password"));
            assertThat(in.readLine()).startsWith("-WRONGPASS");
            out.write(resp("AUTH", env("ROTATOR_TEST_REDIS_PASSWORD")));
            assertThat(in.readLine()).isEqualTo("+OK");
            out.write(resp("PING"));
            assertThat(in.readLine()).isEqualTo("+PONG");
        }
    }

    /** A command in Redis's wire protocol (RESP). */
    private static byte[] resp(String... parts) {
        StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            sb.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
