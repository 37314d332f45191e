package dev.rotator.worker.schedule;

import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Quartz's PostgreSQL delegate with the query that picks the next due trigger bound as BIGINT. Quartz binds its
 * times as NUMERIC, so PostgreSQL compares {@code NEXT_FIRE_TIME::numeric} and cannot use the index on
 * (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME): every acquisition read every waiting trigger, ~65 ms at 100,000
 * secrets, one trigger at a time (docs/benchmarks.md, "Scale"). Same SQL, same result; only the parameter types.
 */
public class PostgresQuartzDelegate extends PostgreSQLDelegate {
    @Override
    public List<TriggerKey> selectTriggerToAcquire(Connection conn, long noLaterThan, long noEarlierThan,
                                                   int maxCount) throws SQLException {
        int rows = Math.max(1, maxCount);
        try (PreparedStatement ps = conn.prepareStatement(rtp(SELECT_NEXT_TRIGGER_TO_ACQUIRE))) {
            // maxRows before fetchSize, as Quartz does (some drivers refuse the other order)
            ps.setMaxRows(rows);
            ps.setFetchSize(rows);
            ps.setString(1, STATE_WAITING);
            ps.setLong(2, noLaterThan);
            ps.setLong(3, noEarlierThan);
            List<TriggerKey> next = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && next.size() < rows) {
                    next.add(TriggerKey.triggerKey(rs.getString(COL_TRIGGER_NAME), rs.getString(COL_TRIGGER_GROUP)));
                }
            }
            return next;
        }
    }
}
