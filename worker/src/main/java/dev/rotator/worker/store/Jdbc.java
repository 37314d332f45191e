package dev.rotator.worker.store;

import dev.rotator.core.ErrorCode;
import dev.rotator.core.RotatorException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: parameter binding, row mapping and transactions, with SQL errors made readable. */
final class Jdbc {
    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in one transaction; rolls back on any failure. */
    <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** Runs work on one connection in auto-commit mode. */
    <T> T withConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** One statement for each row of parameters, sent as one batch. */
    static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Statements separated by ';' in one execution: PostgreSQL's driver sends them together, in one round trip. Their
     * results are read to the end, so that an error of any of them is thrown here.
     */
    static void pipeline(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            ps.execute();
            while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                // Nothing to keep: a write's outcome is whether it threw.
            }
        }
    }

    /**
     * An update and then a query, sent together in one round trip (PostgreSQL's driver pipelines them): the query's
     * rows go to {@code mapper}; returns the update count.
     */
    static int updateThenQuery(Connection c, String sql, RowMapper<?> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            ps.execute();
            int count = ps.getUpdateCount();
            if (!ps.getMoreResults()) {
                throw new SQLException("expected an update and then a query: " + sql);
            }
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    mapper.map(rs);
                }
            }
            return count;
        }
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = query(c, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, params);
        return ps;
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (p instanceof byte[] bytes) {
                ps.setBytes(i + 1, bytes);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, p.toString());
            }
        }
    }

    /** SQL errors name the problem but never a bound parameter (values are sealed anyway). */
    static RotatorException storeFailure(SQLException e) {
        return new RotatorException(ErrorCode.INTERNAL_FAILURE,
                "store failure (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    }

    /** True for a primary-key clash: 23505 on PostgreSQL and H2, 23000 on MySQL/MariaDB. */
    static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
