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
    /**
     * current->backing_dev_info is the device's: the task is inside a buffered write to it
     * (__generic_file_aio_write(), btrfs_file_aio_write()), so may_write_to_queue() lets it write even
     * to a congested queue.
     */
    public boolean currentBdi;
    /**
     * may_enter_fs (gfp_mask & __GFP_FS): false for an allocation the filesystem makes with GFP_NOFS,
     * such as btrfs prepare_pages() holding page locks (btrfs_alloc_write_mask()); dirty pages are then
     * kept rather than written, since writing them would re-enter the filesystem.
     */
    public boolean mayEnterFs = true;
    /**
     * The current batch's struct reclaim_stat (what mm_vmscan_lru_shrink_inactive reports): pages found
     * dirty or under writeback, dirty and not yet queued, under writeback with PG_reclaim set
     * (congested), under writeback and kept, met again by kswapd on a node flagged PGDAT_WRITEBACK
     * (immediate).
     */
    public int batchDirty;
    public int batchUnqueuedDirty;
    public int batchCongested;
    public int batchWriteback;
    public int batchImmediate;
    /** The same, summed over one priority pass (shrink_node()'s sc->nr). */
    public long passDirty;
    public long passUnqueuedDirty;
    public long passCongested;
    public long passWriteback;
    public long passImmediate;
    public long passTaken;
    /** Whether the page handed to the strategy had PG_referenced (page_check_references(): RECLAIM_CLEAN). */
    public boolean referenced;
    /** The reclaim is a direct reclaim by one of the machine's other tasks, not the workload's. */
    public boolean otherTask;
    /**
     * do_try_to_free_pages()'s retries of a priority loop that freed nothing: sc->memcg_full_walk (a
     * full walk of the memcg tree), sc->skipped_deactivate (a pass left the active list alone because
     * inactive_is_low() said no) and sc->force_deactivate (the retry deactivates regardless).
     */
    public boolean memcgFullWalk;
    public boolean skippedDeactivate;
    public boolean forceDeactivate;
    /** sc->order: the allocation's order (kswapd: the wakers', dropped to 0 once compact_gap() pages are reclaimed). */
    public int order;
    /** sc->compaction_ready: a costly-order direct reclaim found a zone where compaction can run; it stops after this priority. */
    public boolean compactionReady;

    /**
     * shrink_page_list()'s keep_locked for a dirty page it would write: referenced (PAGEREF_RECLAIM_CLEAN)
     * or !may_enter_fs; the page stays on the inactive list for another pass.
     */
    public boolean keepsDirtyPage() {
        return referenced || !mayEnterFs;
    }

    public ScanControl reset(Task task, boolean kswapd, long nrToReclaim) {
        this.task = task;
        this.kswapd = kswapd;
        this.nrToReclaim = nrToReclaim;
        this.nrReclaimed = 0;
        this.nrScanned = 0;
        this.priority = DEF_PRIORITY;
        this.mayWritepage = true;
        this.currentBdi = false;
        this.mayEnterFs = true;
        this.otherTask = false;
        this.memcgFullWalk = false;
        this.skippedDeactivate = false;
        this.forceDeactivate = false;
        this.order = 0;
        this.compactionReady = false;
        return this;
    }
}
