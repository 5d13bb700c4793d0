package io.wbreplay.replay.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** balance_dirty_pages()' pause bounds and control line, worked by hand from mm/page-writeback.c at HZ 250. */
class DirtyPauseTest {
    @Test
    void maxPauseScalesWithTheDirtyPagesOverTheBandwidth() {
        // wb_max_pause(): 5,000 / (1 + 25,600 / 32) + 1 = 5,000 / 801 + 1 = 7 jiffies
        assertThat(DirtyThrottle.wbMaxPause(25_600, 5_000)).isEqualTo(7);
        // 100,000 / 401 + 1 = 250, capped at MAX_PAUSE = HZ / 5 = 50
        assertThat(DirtyThrottle.wbMaxPause(12_800, 100_000)).isEqualTo(50);
    }

    @Test
    void minPauseAimsAtTenMillisecondsMoreWithManyDirtiers() {
        // one writer: dirty_ratelimit = write_bw = 12,800: t = HZ / 100 = 2; pages = 12,800 x 2 / 256 = 100;
        // pause at task_ratelimit 25,600: 250 x 100 / 25,601 = 0 <= max_pause; min pause 1 + 2 / 2 = 2
        assertThat(DirtyThrottle.wbMinPause(12_800, 50, 25_600, 12_800)).containsExactly(2, 100);
        // dirty_ratelimit 1,000 (about a dozen writers share the disk): ilog2 13 against 9: t = 2 + 4 x 2,500
        // / 1,024 = 11; pages = 1,000 x 11 / 256 = 42; pause 250 x 42 / 1,001 = 10 <= 50: min pause 1 + 5
        assertThat(DirtyThrottle.wbMinPause(12_800, 50, 1_000, 1_000)).containsExactly(6, 42);
    }

    @Test
    void polynomIsTwoAtFreerunOneAtTheSetpointZeroAtTheLimit() {
        // setpoint 3,000, limit 4,000: x = (setpoint - dirty) << 10 / 1,001
        assertThat(DirtyThrottle.posRatioPolynom(3000, 3000, 4000)).isEqualTo(1024);
        // at the limit: x = -1,024,000 / 1,001 = -1,022 (division truncates); x^2 >> 10 = 1,020; 1,020 x -1,022 >> 10
        // = -1,042,440 >> 10 = -1,019 (the shift floors): 1,024 - 1,019 = 5, not quite 0
        assertThat(DirtyThrottle.posRatioPolynom(3000, 4000, 4000)).isEqualTo(5);
        assertThat(DirtyThrottle.posRatioPolynom(3000, 1000, 4000)).isEqualTo(2048); // clamped
    }

    /**
     * Recording T (6.18, traces/samples/recorded/T-direct-thr-1.5G-dr40-quiet), fio's first throttled
     * write: global_dirty_state thresh=157484 bg_thresh=39323 limit=2419259, then balance_dirty_pages
     * dirty=98417 wb_dirty=98347 setpoint=1258831 wb_setpoint=1252220 (wb_thresh = 1252220 x 157485 /
     * 1258831 = 156657), dirty_ratelimit=230528 task_ratelimit=3380476 KB/s: pos_ratio 14.664, 15,016
     * in fixed point; the bdi's first awrite_bw was 91020 KB/s (22,755 pages/s). The kernel's own
     * figure, not the model's: 6.14's rule gives it, the older bump by (limit - dirty) / 8 = 290,105
     * pages gives more than three times as much.
     */
    @Test
    void positionRatioOfA618WriterAsTraced() {
        long pos = DirtyThrottle.wbPositionRatio(98_417, 98_347, 157_484, 39_323, 2_419_259, 22_755, 156_657, false);
        assertThat((double) pos).isCloseTo(15_016, org.assertj.core.data.Percentage.withPercentage(0.2));
        long before614 = DirtyThrottle.wbPositionRatio(98_417, 98_347, 157_484, 39_323, 2_419_259, 22_755, 156_657, true);
        assertThat(before614).isGreaterThan(3 * 15_016);
    }
}
