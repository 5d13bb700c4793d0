package io.wbreplay.replay.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * wb_update_dirty_ratelimit() worked by hand: the rate stays at INIT_BW while the writer is below the
 * setpoint and its balanced rate is lower, and steps down towards the balanced rate once above.
 */
class DirtyRatelimitTest {
    @Test
    void belowTheSetpointALowerBalancedRateDoesNotPullItDown() {
        DirtyRatelimit r = new DirtyRatelimit(WriteBandwidth.INIT_BW);
        assertThat(r.get()).isEqualTo(25_600); // 100 MB/s in 4 KiB pages
        // 50 MB/s disk (12,800 pages/s); pos_ratio 2: task_ratelimit 51,201; the writer dirtied 51,200 in 1 s
        // balanced = 51,201 x 12,800 / 51,201 = 12,800; below the setpoint x = min(25,600, 12,800, 51,201)
        // = 12,800 is not above the rate: no step
        r.update(51_200, 12_800, 2 << 10, 1000, 2000);
        assertThat(r.get()).isEqualTo(25_600);
    }

    @Test
    void aboveTheSetpointItStepsDownByAnEighthOfTheHalvedGap() {
        DirtyRatelimit r = new DirtyRatelimit(WriteBandwidth.INIT_BW);
        // pos_ratio 0.5: task 12,801, 12,800 dirtied in 1 s: balanced 12,800; x = max(25,600 (the previous
        // balanced rate, INIT_BW), 12,800, 12,801) = 25,600: no step yet
        r.update(12_800, 12_800, 1 << 9, 3000, 2000);
        assertThat(r.get()).isEqualTo(25_600);
        // again (12,800 more in the next second): x = max(12,800, 12,800, 12,801) = 12,801, step 12,799; shift = 25,600 / 25,599 = 1:
        // (12,799 >> 1 = 6,399, + 7) / 8 = 800 down
        r.update(12_800, 12_800, 1 << 9, 3000, 2000);
        assertThat(r.get()).isEqualTo(24_800);
    }
}
