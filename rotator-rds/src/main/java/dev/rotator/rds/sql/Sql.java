package dev.rotator.rds.sql;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.rotator.core.RotatorException.invalid;

/**
 * Runs account statements and turns driver errors into operator messages. Statements that carry a credential
 * (a password hash or verifier) report only the SQLState and error code: some servers echo the statement text
 * "near '...'" in their messages.
 */
public final class Sql {
    private Sql() {
    }

    /** Runs a statement that holds no credential; the server's message is kept. */
    public static void exec(Connection c, String what, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    /** Runs a statement that holds a credential; the message keeps only SQLState and error code. */
    public static void execSecret(Connection c, String what, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new RotatorException(ErrorCode.ROTATION_FAILED, what + " failed (SQLState " + e.getSQLState()
                    + ", error " + e.getErrorCode() + ")");
        }
    }

    /** The first column of every row of a query whose parameters are bound, never spliced. */
    public static List<String> strings(Connection c, String what, String sql, String... params) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    public static RotatorException failed(String what, SQLException e) {
        return new RotatorException(ErrorCode.ROTATION_FAILED, what + " failed: " + e.getMessage(), e);
    }

    /**
     * A MySQL string literal: quotes doubled, and backslashes doubled unless the session runs with
     * NO_BACKSLASH_ESCAPES (where a backslash is an ordinary character).
     */
    public static String mysqlLiteral(String value, boolean backslashEscapes) {
        requireNoNul(value);
        String v = value.replace("'", "''");
        if (backslashEscapes) {
            v = v.replace("\\", "\\\\");
        }
        return "'" + v + "'";
    }

    /** A PostgreSQL escape-string literal, E'...': the same text whatever standard_conforming_strings says. */
    public static String postgresLiteral(String value) {
        requireNoNul(value);
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static void requireNoNul(String value) {
        if (value.indexOf('\0') >= 0) {
            throw invalid("value", "must not contain a NUL character");
        }
    }
}
