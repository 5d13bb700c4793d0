package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.sim.Task;

/** mm/vmscan.c struct scan_control: one reclaim pass's goal, context and tallies. */
public final class ScanControl {
    /** DEF_PRIORITY: the first pass scans lru_size >> 12 pages. */
    public static final int DEF_PRIORITY = 12;
    /** SWAP_CLUSTER_MAX: pages isolated and reclaimed per batch. */
    public static final int SWAP_CLUSTER_MAX = 32;

    /** The reclaiming task (kswapd, or a writer in direct reclaim). */
    public Task task;
    public boolean kswapd;
    public long nrToReclaim;
    public long nrReclaimed;
    public long nrScanned;
    public int priority = DEF_PRIORITY;
    /** sc->may_writepage (!laptop_mode): strategies that write must honour it. */
    public boolean mayWritepage = true;
    /** Dirty pages met in the current batch, and those not yet queued for writeback. */
    public int batchDirty;
    public int batchWriteback;
    public int batchImmediate;

    public ScanControl reset(Task task, boolean kswapd, long nrToReclaim) {
        this.task = task;
        this.kswapd = kswapd;
        this.nrToReclaim = nrToReclaim;
        this.nrReclaimed = 0;
        this.nrScanned = 0;
        this.priority = DEF_PRIORITY;
        this.mayWritepage = true;
        return this;
    }
}
