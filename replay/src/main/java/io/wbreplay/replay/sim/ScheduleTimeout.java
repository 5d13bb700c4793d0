package io.wbreplay.replay.sim;

/**
 * kernel/time/timer.c schedule_timeout(): a sleep of {@code t} jiffies ends at a tick of the timer
 * wheel, not {@code t} jiffies after it began. The wheel of 4.8 and later (Thomas Gleixner, 500462a9de65
 * "timers: Switch to a non-cascading wheel") queues the expiry jiffies + t one bucket later so that it
 * never fires early (calc_index(): {@code expires = (expires >> LVL_SHIFT(lvl)) + 1}), so the task
 * wakes at the tick that makes jiffies + t + 1: a one-jiffy nap taken just after a tick lasts nearly
 * two. The cascading wheel before it fired at the tick that makes jiffies + t. Ticks fall every
 * {@link Hz#JIFFY_NS} from time 0.
 */
public final class ScheduleTimeout {
    private ScheduleTimeout() {
    }

    /**
     * The nanoseconds from {@code nowNs} until a schedule_timeout({@code jiffies}) called then wakes;
     * {@code roundsUp}: the wheel of 4.8+.
     */
    public static long sleepNs(long nowNs, long jiffies, boolean roundsUp) {
        long tick = nowNs / Hz.JIFFY_NS + jiffies + (roundsUp ? 1 : 0);
        return tick * Hz.JIFFY_NS - nowNs;
    }
}
