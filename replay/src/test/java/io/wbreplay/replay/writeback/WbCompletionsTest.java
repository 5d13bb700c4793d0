package io.wbreplay.replay.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bdi's share of the dirty threshold, worked by hand from mm/page-writeback.c (__wb_calc_thresh(),
 * wb_domain_writeout_add(), writeout_period()) and lib/flex_proportions.c at HZ 250: completions
 * counted per page, every count halved each 750 jiffies while the timer runs.
 */
class WbCompletionsTest {
    @Test
    void aloneTheBdiOwnsTheWholeThreshold() {
        WbCompletions c = new WbCompletions(0);
        assertThat(c.wbCalcThresh(1000, 0, false, 0)).isEqualTo(1000);
        c.writeoutAdd(64, 10);
        assertThat(c.wbCalcThresh(1000, 0, false, 5_000)).isEqualTo(1000); // halved alike: 65/65, then 32/32 ...
    }

    @Test
    void otherDevicesTakeTheirShareAndEveryCountHalvesEachPeriod() {
        // 100 pages/s from the other devices: their first at jiffy ceil(250 / 100) = 3 starts the timer at
        // wp_next_time(3) = (3 + 750) | 1 = 753. By jiffy 250: 100 of theirs; then 99 of the bdi's own,
        // with the one it starts with: own 100 of all 200, half of 1000
        WbCompletions c = new WbCompletions(100);
        c.writeoutAdd(99, 250);
        assertThat(c.wbCalcThresh(1000, 0, false, 250)).isEqualTo(500);
        // by jiffy 753 the others reach 100 x 753 / 250 = 301 (201 more: all 401), then the timer halves:
        // all 401 >> 1 = 200, own 100 >> 1 = 50: a quarter
        assertThat(c.wbCalcThresh(1000, 0, false, 753)).isEqualTo(250);
        // 6.14 raises a small share to (thresh - dirty) / 8 = 125 only when that is more: not here
        assertThat(c.wbCalcThresh(1000, 0, true, 753)).isEqualTo(250);
    }

    @Test
    void from614AnIdleBdiKeepsAnEighthOfTheHeadroom() {
        // 1,000 pages/s from the others for 10 s (2,500 jiffies): the bdi's one completion is long halved
        // away (own 1 >> 1 = 0 at the first period): share 0
        WbCompletions c = new WbCompletions(1000);
        assertThat(c.wbCalcThresh(1000, 200, false, 2_500)).isZero();
        assertThat(c.wbCalcThresh(1000, 200, true, 2_500)).isEqualTo(100); // (1,000 - 200) / 8
        assertThat(c.wbCalcThresh(1000, 1200, true, 2_500)).isZero(); // over thresh: no raise
    }
}
