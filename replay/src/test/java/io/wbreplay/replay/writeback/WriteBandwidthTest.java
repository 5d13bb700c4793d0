package io.wbreplay.replay.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * wb_update_write_bandwidth() worked by hand at HZ 250 (period roundup_pow_of_two(750) = 1024 jiffies):
 * a 50 MB/s device (12,800 pages/s) seen every 200 ms (50 jiffies, 2,560 pages) after INIT_BW.
 */
class WriteBandwidthTest {
    @Test
    void theAverageLagsTheFirstLevelAndMovesOnlyWhenBothAgree() {
        WriteBandwidth b = new WriteBandwidth(WriteBandwidth.INIT_BW);
        assertThat(WriteBandwidth.PERIOD).isEqualTo(1024);
        // bw = (2,560 x 250 + 25,600 x (1,024 - 50)) >> 10 = 25,574,400 >> 10 = 24,975; the avg (25,600)
        // equals the old write_bandwidth: unchanged
        b.update(50, 2560);
        assertThat(b.writeBandwidth()).isEqualTo(24_975);
        assertThat(b.pagesPerSecond()).isEqualTo(25_600);
        // bw = (640,000 + 24,975 x 974) >> 10 = 24,965,650 >> 10 = 24,380; avg > old >= bw: avg -= 625 >> 3
        b.update(50, 2560);
        assertThat(b.writeBandwidth()).isEqualTo(24_380);
        assertThat(b.pagesPerSecond()).isEqualTo(25_600 - 78);
    }

    @Test
    void afterMoreThanAPeriodBothTakeTheMeasuredRate() {
        WriteBandwidth b = new WriteBandwidth(WriteBandwidth.INIT_BW);
        b.update(1100, 56_320); // 1,100 jiffies (4.4 s) at 12,800 pages/s: 56,320 x 250 / 1,100 = 12,800
        assertThat(b.writeBandwidth()).isEqualTo(12_800);
        assertThat(b.pagesPerSecond()).isEqualTo(12_800);
    }

    /**
     * Run W's device at its first bdi_dirty_ratelimit: write_bw=123,812 awrite_bw=31,320 KB/s (30,953 and
     * 7,830 pages/s), and the next events kept awrite_bw at 31,320 while write_bw fell (97,396, 91,480,
     * 86,776 ...): a write_bandwidth that falls from above the avg does not move it. Started at the avg
     * alone, the avg falls from the second update.
     */
    @Test
    void anAvgBelowAFallingWriteBandwidthStaysWhereItIs() {
        WriteBandwidth recorded = new WriteBandwidth(30_953, 7_830);
        // bw = (200 x 250 + 30,953 x 974) >> 10 = 30,198,222 >> 10 = 29,490: avg < old but old > bw
        recorded.update(50, 200);
        assertThat(recorded.writeBandwidth()).isEqualTo(29_490);
        assertThat(recorded.pagesPerSecond()).isEqualTo(7_830);
        recorded.update(50, 200); // (50,000 + 29,490 x 974) >> 10 = 28,098
        assertThat(recorded.writeBandwidth()).isEqualTo(28_098);
        assertThat(recorded.pagesPerSecond()).isEqualTo(7_830);

        WriteBandwidth avgOnly = new WriteBandwidth(7_830);
        avgOnly.update(50, 200); // (50,000 + 7,830 x 974) >> 10 = 7,496; avg equals old: unchanged
        assertThat(avgOnly.pagesPerSecond()).isEqualTo(7_830);
        avgOnly.update(50, 200); // (50,000 + 7,496 x 974) >> 10 = 7,178; avg > old >= bw: avg -= 334 >> 3
        assertThat(avgOnly.writeBandwidth()).isEqualTo(7_178);
        assertThat(avgOnly.pagesPerSecond()).isEqualTo(7_830 - 41);
    }
}
