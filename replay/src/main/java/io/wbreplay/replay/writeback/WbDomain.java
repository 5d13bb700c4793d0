package io.wbreplay.replay.writeback;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;

/**
 * mm/page-writeback.c global_wb_domain with the one device's bandwidth estimates (struct bdi_writeback's
 * avg_write_bandwidth and dirty_ratelimit; there is one bdi): the dirty thresholds of the moment
 * (global_dirty_limits()), the domain's smoothed dirty_limit (hard_dirty_limit()), and
 * __wb_update_bandwidth(), which moves them.
 */
public final class WbDomain {
    /** BANDWIDTH_INTERVAL: 200 ms. */
    private static final long BANDWIDTH_INTERVAL_NS = 200_000_000L;

    private final Kernel k;
    /** The device's write bandwidth, updated as writeback completes. */
    public final WriteBandwidth bandwidth = new WriteBandwidth();
    private final DirtyRatelimit dirtyRatelimit = new DirtyRatelimit();
    /** global_wb_domain.dirty_limit in pages, and when it was last updated. */
    private long domDirtyLimit;
    private long dirtyLimitStampNs;
    private boolean dirtyLimitUpdated;

    public WbDomain(Kernel k) {
        this.k = k;
        this.domDirtyLimit = k.config.initialDirtyLimitBytes / Zone.PAGE_SIZE;
        k.onWritebackEnd((nrPages, nowNs) -> bandwidth.update(nowNs, k.vmstat.get(VmItem.NR_WRITTEN)));
    }

    /**
     * __wb_update_bandwidth(update_ratelimit = true), from balance_dirty_pages()' throttled path at most
     * every BANDWIDTH_INTERVAL: update_dirty_limit() and then wb_update_dirty_ratelimit().
     */
    public void updateBandwidth(long thresh, long bg, long dirty) {
        long now = k.loop.now();
        if (dirtyLimitUpdated && now - dirtyLimitStampNs < BANDWIDTH_INTERVAL_NS) {
            return;
        }
        long elapsed = dirtyLimitUpdated ? now - dirtyLimitStampNs : 0;
        dirtyLimitUpdated = true;
        dirtyLimitStampNs = now;
        followDirtyLimit(thresh, dirty);
        long limit = hardDirtyLimit(thresh);
        long freerun = DirtyLimits.freerun(thresh, bg);
        long dirtied = k.vmstat.get(VmItem.NR_DIRTIED);
        if (elapsed == 0) {
            dirtyRatelimit.stamp(dirtied);
            return;
        }
        dirtyRatelimit.update(dirtied, elapsed, Math.max(1, (long) bandwidth.pagesPerSecond()),
                DirtyThrottle.posRatio(dirty, freerun, limit), dirty, (freerun + limit) / 2);
    }

    /** wb->dirty_ratelimit in pages per second. */
    public long dirtyRatelimit() {
        return dirtyRatelimit.get();
    }

    /**
     * update_dirty_limit() (3.2+), at most every BANDWIDTH_INTERVAL (200 ms), from balance_dirty_pages()'
     * throttled path: global_wb_domain.dirty_limit follows the threshold up in one step and down
     * slowly, by 1/32 of the gap to max(thresh, dirty) each time, so that after memory is taken away
     * (a memory hog) the old, higher limit lets dirty pages overshoot the new threshold for seconds.
     */
    private void followDirtyLimit(long thresh, long dirty) {
        if (domDirtyLimit < thresh) {
            domDirtyLimit = thresh;
            return;
        }
        long target = Math.max(thresh, dirty);
        if (domDirtyLimit > target) {
            domDirtyLimit -= (domDirtyLimit - target) >> 5;
        }
    }

    /** hard_dirty_limit(): the higher of the threshold and the domain's smoothed dirty_limit. */
    public long hardDirtyLimit(long thresh) {
        return Math.max(thresh, domDirtyLimit);
    }

    public long backgroundThresh() {
        return DirtyLimits.background(k.config, k.dirtyableMemory());
    }

    public long dirtyThresh() {
        return DirtyLimits.thresh(k.config, k.dirtyableMemory());
    }

    /** over_bground_thresh(). */
    public boolean overBackgroundThresh() {
        return k.dirtyPages() > backgroundThresh();
    }
}
