package dev.rotator.worker.schedule;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * The name of one start of a worker: its Quartz scheduler's instance id and the owner in the rotation locks it
 * takes, so that what Quartz knows about a cluster member (checking in, or declared dead and recovered) tells
 * whether the holder of a lock is alive. New at every start, so a restarted worker is another instance.
 */
public final class SchedulerInstance {
    /** Marks ids of this kind; a lock owner without it (written before locks were named so) is never judged. */
    static final String PREFIX = "instance/";
    /** The width of rotation_locks.owner. */
    private static final int MAX_LENGTH = 128;

    private SchedulerInstance() {
    }

    /** A new id: the prefix, a random part (unique even when truncated), and pid@host for a person reading it. */
    public static String newId() {
        String id = PREFIX + UUID.randomUUID().toString().substring(0, 13) + "/"
                + ManagementFactory.getRuntimeMXBean().getName();
        return id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
    }

    static boolean isOne(String owner) {
        return owner.startsWith(PREFIX);
    }
}
