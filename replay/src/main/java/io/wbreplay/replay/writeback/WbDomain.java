package io.wbreplay.replay.writeback;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.Hz;

/**
 * mm/page-writeback.c global_wb_domain with the one device's bandwidth estimates (struct bdi_writeback's
 * avg_write_bandwidth and dirty_ratelimit; there is one bdi): the dirty thresholds of the moment
 * (global_dirty_limits()), the domain's smoothed dirty_limit (hard_dirty_limit()), and
 * __wb_update_bandwidth(), which moves them.
 */
public final class WbDomain {
    /** BANDWIDTH_INTERVAL: 200 ms, in jiffies. */
    static final long BANDWIDTH_INTERVAL = Hz.HZ / 5;

    private final Kernel k;
    /** The device's write bandwidth (wb->write_bandwidth and avg_write_bandwidth). */
    public final WriteBandwidth bandwidth;
    private final DirtyRatelimit dirtyRatelimit;
    /** The writeout completions that give the bdi its share of the dirty threshold. */
    private final WbCompletions completions;
    /** wb->bw_time_stamp (jiffies), dirtied_stamp and written_stamp: shared by every bandwidth update. */
    private long bwTimeStamp;
    /** wb->bw_dwork is queued (5.14+). */
    private boolean bwDworkPending;
    private long dirtiedStamp;
    private long writtenStamp;
    /** global_wb_domain.dirty_limit in pages, and when it was last updated (jiffies). */
    private long domDirtyLimit;
    private long dirtyLimitStamp;

    public WbDomain(Kernel k) {
        this.k = k;
        this.domDirtyLimit = k.config.initialDirtyLimitBytes / Zone.PAGE_SIZE;
        long bw = k.config.initialWriteBandwidthBytes > 0 ? k.config.initialWriteBandwidthBytes / Zone.PAGE_SIZE : WriteBandwidth.INIT_BW;
        long rate = k.config.initialDirtyRatelimitBytes > 0 ? k.config.initialDirtyRatelimitBytes / Zone.PAGE_SIZE : WriteBandwidth.INIT_BW;
        long raw = k.config.initialRawWriteBandwidthBytes > 0 ? k.config.initialRawWriteBandwidthBytes / Zone.PAGE_SIZE : bw;
        this.bandwidth = new WriteBandwidth(raw, bw);
        this.dirtyRatelimit = new DirtyRatelimit(rate);
        this.completions = new WbCompletions(k.config.otherWriteoutPerS);
        k.onWritebackEnd((nrPages, inodesEnded, nowNs) -> {
            completions.writeoutAdd(nrPages, nowNs / Hz.JIFFY_NS);
            if (!k.config.kernel.bandwidthFromWritebackSide()) {
                updateBandwidthIfDue(); // wb_writeback()'s updates, at most every BANDWIDTH_INTERVAL
            } else if (inodesEnded > 0 && !bwDworkPending) { // wb_inode_writeback_end(): queue_delayed_work()
                bwDworkPending = true;
                k.loop.at(k.loop.now() + BANDWIDTH_INTERVAL * Hz.JIFFY_NS, now -> {
                    bwDworkPending = false;
                    wbUpdateBandwidth(false, 0, 0, 0, 0); // wb_update_bandwidth_workfn(): due or not
                });
            }
        });
    }

    /** do_writepages()' end (5.14+): an update when one is due, so constant writeback keeps the estimate fresh. */
    public void doWritepagesEnd() {
        if (k.config.kernel.bandwidthFromWritebackSide()) {
            updateBandwidthIfDue();
        }
    }

    /** wb_update_bandwidth() of the writeback side (the write bandwidth only), when BANDWIDTH_INTERVAL has passed. */
    private void updateBandwidthIfDue() {
        if (bandwidthDue()) {
            wbUpdateBandwidth(false, 0, 0, 0, 0);
        }
    }

    private long jiffies() {
        return k.loop.now() / Hz.JIFFY_NS;
    }

    /** time_is_before_jiffies(wb->bw_time_stamp + BANDWIDTH_INTERVAL): an update is due. */
    public boolean bandwidthDue() {
        return bwTimeStamp + BANDWIDTH_INTERVAL < jiffies();
    }

    /**
     * wb_bandwidth_estimate_start() (5.14+), as do_writepages() begins: after more than a second with
     * nothing under writeback the stamps restart, so the idle time does not count as a slow device.
     */
    public void bandwidthEstimateStart() {
        long now = jiffies();
        if (k.config.kernel.compareTo(KernelEra.V5_16) >= 0 && now - bwTimeStamp > Hz.HZ && k.vmstat.get(VmItem.NR_WRITEBACK) == 0) {
            dirtiedStamp = k.vmstat.get(VmItem.NR_DIRTIED);
            writtenStamp = k.vmstat.get(VmItem.NR_WRITTEN);
            bwTimeStamp = now;
        }
    }

    /**
     * __wb_update_bandwidth(): with {@code updateRatelimit} (from balance_dirty_pages(), given the
     * thresholds, the dirty pages and the task's pos_ratio) update_dirty_limit() and
     * wb_update_dirty_ratelimit(); always wb_update_write_bandwidth(); then the shared stamps.
     */
    public void wbUpdateBandwidth(boolean updateRatelimit, long thresh, long bg, long dirty, long posRatio) {
        long now = jiffies();
        long elapsed = Math.max(now - bwTimeStamp, 1);
        long dirtied = k.vmstat.get(VmItem.NR_DIRTIED);
        long written = k.vmstat.get(VmItem.NR_WRITTEN);
        if (updateRatelimit) {
            if (now >= dirtyLimitStamp + BANDWIDTH_INTERVAL) { // domain_update_dirty_limit()
                followDirtyLimit(thresh, dirty);
                dirtyLimitStamp = now;
            }
            long limit = hardDirtyLimit(thresh);
            long freerun = DirtyLimits.freerun(thresh, bg);
            long dirtyRate = (dirtied - dirtiedStamp) * Hz.HZ / elapsed;
            dirtyRatelimit.update(dirtyRate, (long) bandwidth.pagesPerSecond(), posRatio, dirty, (freerun + limit) / 2);
            k.vmstat.inc(VmItem.BDI_DIRTY_RATELIMIT);
        }
        bandwidth.update(elapsed, written - Math.min(written, writtenStamp));
        dirtiedStamp = dirtied;
        writtenStamp = written;
        bwTimeStamp = now;
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

    /** __wb_calc_thresh() of the one bdi: its share of {@code thresh}, as the era raises it ({@link WbCompletions}). */
    public long wbThresh(long thresh, long dirty) {
        return completions.wbCalcThresh(thresh, dirty, k.config.kernel.wbThreshBumpInCalcThresh(), jiffies());
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
