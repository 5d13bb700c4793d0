package io.wbreplay.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * schedule_timeout() against the timer wheel, at HZ=250 (a tick every 4 ms from time 0), worked by hand
 * from calc_index()'s {@code expires = (expires >> LVL_SHIFT(lvl)) + 1} (4.8+) and the cascading
 * wheel's firing at jiffies == expires before it.
 */
class ScheduleTimeoutTest {
    private static final long MS = 1_000_000L;

    @Test
    void aOneJiffyNapEndsAtTheSecondTickFrom48() {
        // at 1 ms jiffies is 0; expires 1 goes to bucket 2: the tick at 8 ms
        assertThat(ScheduleTimeout.sleepNs(MS, 1, true)).isEqualTo(7 * MS);
        // called on a tick (4 ms, jiffies 1): bucket 3, the tick at 12 ms, two whole jiffies
        assertThat(ScheduleTimeout.sleepNs(4 * MS, 1, true)).isEqualTo(8 * MS);
        // HZ/10 = 25 jiffies from 5 ms (jiffies 1): bucket 27, the tick at 108 ms
        assertThat(ScheduleTimeout.sleepNs(5 * MS, 25, true)).isEqualTo(103 * MS);
    }

    @Test
    void theCascadingWheelEndedItAtTheNextTick() {
        assertThat(ScheduleTimeout.sleepNs(MS, 1, false)).isEqualTo(3 * MS);
        assertThat(ScheduleTimeout.sleepNs(4 * MS, 1, false)).isEqualTo(4 * MS);
        assertThat(ScheduleTimeout.sleepNs(5 * MS, 25, false)).isEqualTo(99 * MS);
    }
}
