package dev.rotator.worker.schedule;

import dev.rotator.core.engine.LockOwnerLiveness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Whether the worker holding a rotation lock is gone, as Quartz's cluster sees it. Each clustered scheduler checks in
 * to QRTZ_SCHEDULER_STATE every check-in interval; once one has not for that interval plus Quartz's 7.5 s of grace,
 * the other members recover its jobs and delete its row. So a lock owner (a {@link SchedulerInstance} id) with no
 * row, or one that stopped checking in as long as that, is dead: its run was handed to another worker, and its lock
 * may be taken at once rather than when its lease runs out.
 *
 * <p>Without cluster mode one worker uses the store (Quartz then recovers every job left running by an earlier
 * start of it, as it starts), so an owner other than this worker is an earlier, dead start.
 */
public final class QuartzInstanceLiveness implements LockOwnerLiveness {
    private static final Logger LOG = LoggerFactory.getLogger(QuartzInstanceLiveness.class);
    /** Quartz's own margin before it declares a member failed (JobStoreSupport.calcFailedIfAfter). */
    static final long GRACE_MILLIS = 7_500;
    private static final String CHECK_IN = "SELECT LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE "
            + "WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?";

    private final DataSource dataSource;
    private final boolean clustered;
    private final String self;
    private final Clock clock;

    /**
     * @param self      this worker's instance id, never dead
     * @param clock     the system clock: check-in times are the members' system clocks
     */
    public QuartzInstanceLiveness(DataSource dataSource, boolean clustered, String self, Clock clock) {
        this.dataSource = dataSource;
        this.clustered = clustered;
        this.self = self;
        this.clock = clock;
    }

    @Override
    public boolean isDead(String owner) {
        if (owner.equals(self) || !SchedulerInstance.isOne(owner)) {
            return false;
        }
        if (!clustered) {
            return true;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CHECK_IN)) {
            ps.setString(1, RotationScheduler.SCHEDULER_NAME);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return true; // recovered by the cluster (or never a member of it)
                }
                long lastCheckIn = rs.getLong(1);
                long interval = rs.getLong(2);
                return lastCheckIn + interval + GRACE_MILLIS < clock.millis();
            }
        } catch (SQLException e) {
            LOG.warn("cannot tell whether worker {} is alive: {}", owner, e.getMessage());
            return false;
        }
    }
}
