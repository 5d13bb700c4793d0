package io.wbreplay.replay;

import io.wbreplay.replay.driver.Machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.writeback.WbDomain;
import org.junit.jupiter.api.Test;

/**
 * mm/page-writeback.c update_dirty_limit(): the domain's dirty_limit follows the threshold up at once
 * and down by 1/32 of the gap to max(thresh, dirty), at most every 200 ms from boot (dirty_limit_tstamp).
 */
class UpdateDirtyLimitTest {
    private static final long MS = 1_000_000L;

    @Test
    void theLimitFollowsDownSlowlyAndUpAtOnce() {
        EventLoop loop = new EventLoop();
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 32L << 20;
        c.initialDirtyLimitBytes = 33_000L * 4096; // left high from before memory was taken
        WbDomain dom = new Machine(c, loop, new FixedDelayQueue(loop, null, MS, 16)).bdi.domain;
        assertThat(dom.hardDirtyLimit(1000)).isEqualTo(33_000);
        dom.wbUpdateBandwidth(true, 1000, 0, 0, 1 << 10); // dirty_limit_tstamp starts at boot: not before 200 ms
        assertThat(dom.hardDirtyLimit(1000)).isEqualTo(33_000);
        loop.runUntil(200 * MS);
        dom.wbUpdateBandwidth(true, 1000, 0, 0, 1 << 10);
        assertThat(dom.hardDirtyLimit(1000)).isEqualTo(33_000 - (32_000 >> 5)); // 32,000
        dom.wbUpdateBandwidth(true, 1000, 0, 0, 1 << 10); // within 200 ms: unchanged
        assertThat(dom.hardDirtyLimit(1000)).isEqualTo(32_000);
        loop.runUntil(400 * MS);
        dom.wbUpdateBandwidth(true, 1000, 0, 5000, 1 << 10); // dirty above thresh: the gap is to the dirty pages
        assertThat(dom.hardDirtyLimit(1000)).isEqualTo(32_000 - (27_000 >> 5)); // 31,157
        loop.runUntil(600 * MS);
        dom.wbUpdateBandwidth(true, 40_000, 0, 0, 1 << 10); // the threshold rose above: followed in one step
        assertThat(dom.hardDirtyLimit(0)).isEqualTo(40_000);
        assertThat(dom.hardDirtyLimit(50_000)).isEqualTo(50_000);
    }
}
