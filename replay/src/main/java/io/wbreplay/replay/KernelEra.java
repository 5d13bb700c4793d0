package io.wbreplay.replay;

import java.util.Locale;

/**
 * {@code --kernel ERA}: the core behaviours that changed between the kernels the reclaim writeback
 * strategies were written for, each era named by the first release that has them and ended by the
 * change named in its Javadoc. docs/kernel-eras.md explains every switch with its kernel source.
 * The strategy (what reclaim does with a dirty page) is chosen separately; {@link #nativeStrategy}
 * is what the era's own kernel did.
 */
public enum KernelEra {
    /**
     * 2.6.35 (2010): per-zone LRU with the file inactive list kept at least as large as the active one,
     * mark_page_accessed() on every buffered write, writeback pages kept on the inactive list,
     * direct reclaim wakes the flusher after scanning 1.5x its goal and naps in congestion_wait();
     * writers write back pages themselves (pre-IO-less balance_dirty_pages()); the flusher writes
     * MAX_WRITEBACK_PAGES per inode. Both kswapd and direct reclaim call ->writepage.
     * Ended by the IO-less dirty throttling and writeback_chunk_size() of 3.2.
     */
    V2_6_35("2.6.35", CoreConfig.Throttle.WRITER_WRITES, false, true, false, Wait.CONGESTION_WAIT, false, "writepage"),
    /**
     * 3.2 (2012): IO-less balance_dirty_pages(), writeback_chunk_size() from the write bandwidth,
     * wait_iff_congested(); direct reclaim never writes file pages and kswapd only below
     * DEF_PRIORITY - 2 (Mel Gorman, 3.2). Ended by the activation of dirty and writeback pages and the
     * sqrt inactive ratio for file pages (4.10-4.11).
     */
    V3_2("3.2", CoreConfig.Throttle.IO_LESS, true, true, false, Wait.WAIT_IFF_CONGESTED, false, "kswapd-writepage"),
    /**
     * 4.11 (2017): dirty and writeback pages found at the inactive tail are activated (moved out of the
     * way until flushed) and rotate to the inactive tail when written; the flusher is woken when a
     * whole batch is unqueued dirty pages; kswapd writes a page only when it sees it a second time on
     * a node flagged dirty; buffered writes no longer mark pages accessed (4.7); inactive:active ratio
     * sqrt(10 x GB) for file pages; watermark_scale_factor (4.6). kswapd naps in congestion_wait() when
     * pages marked for immediate reclaim come round again. Ended by reclaim_throttle() in 5.16.
     */
    V4_11("4.11", CoreConfig.Throttle.IO_LESS, true, false, true, Wait.CONGESTION_WAIT_IMMEDIATE, true, "kswapd-writepage"),
    /**
     * 5.16 (2022): reclaim_throttle() replaces congestion_wait(): kswapd waits on writeback
     * (VMSCAN_THROTTLE_WRITEBACK, HZ/10, woken early as pages are written), direct reclaim on a
     * congested node or no progress (one jiffy). Ended by the removal of ->writepage (6.16-6.17).
     */
    V5_16("5.16", CoreConfig.Throttle.IO_LESS, true, false, true, Wait.RECLAIM_THROTTLE, true, "kswapd-writepage"),
    /**
     * 6.x (6.17 and 6.18, what these machines run): as 5.16, but reclaim writes no file page at all
     * (6b0dfabb3555 "fs: Remove aops->writepage"): a dirty file page is marked for immediate reclaim
     * and activated, except that kswapd still hands one it meets again on a PGDAT_DIRTY node to
     * pageout(), which activates it unmarked ({@link #kswapdRetriesDirtyOnDirtyNode()}). Ended by 6.19.
     */
    V6_X("6.x", CoreConfig.Throttle.IO_LESS, true, false, true, Wait.RECLAIM_THROTTLE, true, "no-reclaim-writeback"),
    /**
     * 6.19: as 6.x, but every dirty file page reclaim meets is marked for immediate reclaim and
     * activated, kswapd's included; PGDAT_DIRTY is gone (Baolin Wang, "mm: vmscan: simplify the logic
     * for activating dirty file folios", through mm-new for 6.19).
     */
    V6_19("6.19", CoreConfig.Throttle.IO_LESS, true, false, true, Wait.RECLAIM_THROTTLE, true, "no-reclaim-writeback");

    /** How a reclaimer waits for writeback to make progress. */
    public enum Wait {
        /** congestion_wait(BLK_RW_ASYNC, HZ/10) in direct reclaim below DEF_PRIORITY - 2 and in a kswapd pass without progress. */
        CONGESTION_WAIT,
        /** wait_iff_congested(): as congestion_wait(), but only while the queue is congested. */
        WAIT_IFF_CONGESTED,
        /** kswapd: congestion_wait() when immediate-reclaim pages came round again; direct: wait_iff_congested() on a congested node. */
        CONGESTION_WAIT_IMMEDIATE,
        /** reclaim_throttle(): WRITEBACK for kswapd, CONGESTED and NOPROGRESS for direct reclaim. */
        RECLAIM_THROTTLE
    }

    /** The era a run uses when none is given: the kernel the model is checked against. */
    public static final KernelEra DEFAULT = V6_X;

    private final String label;
    /** balance_dirty_pages() mode. */
    public final CoreConfig.Throttle throttle;
    /** writeback_chunk_size() (3.2) rather than MAX_WRITEBACK_PAGES for each inode's slice. */
    public final boolean bandwidthChunk;
    /** generic_perform_write() marks each written page accessed (until 4.7). */
    public final boolean writeMarksAccessed;
    /**
     * 4.11 "move dirty pages out of the way until they're flushed": dirty and writeback pages reclaim
     * keeps are activated (PG_reclaim set), writeback pages get PG_reclaim, a written PG_reclaim page
     * rotates to the inactive tail even from the active list, the flusher is woken per all-dirty batch,
     * and the file inactive list is sized by inactive_is_low()'s sqrt(10 x GB) ratio.
     */
    public final boolean activatesDirty;
    public final Wait wait;
    /** min/low/high watermarks spaced by watermark_scale_factor (4.6) rather than min/4 and min/2. */
    public final boolean watermarkScaleFactor;
    /** The strategy the era's own kernel used. */
    public final String nativeStrategy;

    KernelEra(String label, CoreConfig.Throttle throttle, boolean bandwidthChunk, boolean writeMarksAccessed,
              boolean activatesDirty, Wait wait, boolean watermarkScaleFactor, String nativeStrategy) {
        this.label = label;
        this.throttle = throttle;
        this.bandwidthChunk = bandwidthChunk;
        this.writeMarksAccessed = writeMarksAccessed;
        this.activatesDirty = activatesDirty;
        this.wait = wait;
        this.watermarkScaleFactor = watermarkScaleFactor;
        this.nativeStrategy = nativeStrategy;
    }

    /**
     * Readahead's page allocations may fail: __GFP_NORETRY | __GFP_NOWARN, one direct reclaim and no
     * retry, and the read-around stops at the first that fails (3.0, Wu Fengguang, "readahead: readahead
     * page allocations are OK to fail", page_cache_alloc_readahead(); readahead_gfp_mask() since 4.7);
     * before, page_cache_alloc_cold() retried as any allocation.
     */
    public boolean readaheadNoRetry() {
        return compareTo(V3_2) >= 0;
    }

    /**
     * A bio grows past the queue's max_sectors, up to BIO_MAX_VECS (256) bio_vecs, and is split to the
     * queue's limits when submitted (4.3, commit 54efd50bfd "block: make generic_make_request handle
     * arbitrarily sized bios"); before, bio_add_page() refused a page that would pass max_sectors.
     */
    public boolean lateBioSplit() {
        return compareTo(V4_11) >= 0;
    }

    /**
     * Physically contiguous pages share one bio_vec (5.1, Ming Lei's multi-page bvec series, commit
     * 07173c3ec276 "block: enable multipage bvecs"), so a bio of large folios carries far more than 256 pages.
     */
    public boolean multiPageBvecs() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * ext4 mounts with dioread_nolock unless told otherwise (5.6, commit 244adf6426ee "ext4: make
     * dioread_nolock the default"): buffered writeback allocates unwritten extents and reserves journal
     * credits for converting them when the I/O completes ({@link io.wbreplay.replay.Jbd2ReservedCredits}).
     */
    public boolean dioreadNolock() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * requeue_inode() (fs/fs-writeback.c) puts an inode whose slice ran out back on b_more_io only if it
     * was not dirtied after the pass began (writeback_sb_inodes()' dirtied_before: the pass's start, for
     * kupdate the expiry time); else redirty_tail() returns it to b_dirty (5.9, Jan Kara's "writeback:
     * Avoid skipping inode writeback"). So kupdate writes one chunk of an inode that is not yet expired
     * and leaves the rest; before, it went on chunk after chunk through b_more_io.
     */
    public boolean requeueOnlyIfNotRedirtied() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * shrink_node() sets PGDAT_WRITEBACK and PGDAT_DIRTY only in kswapd (4.16, Mel Gorman, "mm, vmscan:
     * Only set PGDAT_* flags from kswapd"); direct reclaim set them too before.
     */
    public boolean nodeFlagsFromKswapdOnly() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * balance_dirty_pages() credits the time a writer spent since its last pause (think time) and skips
     * pauses below wb_min_pause() (3.3, Fengguang Wu, "writeback: dirty ratelimit - think time
     * compensation" and "writeback: max, min and target dirty pause time"); the 3.2 era pauses the
     * whole period.
     */
    public boolean dirtyThinkTime() {
        return throttle == CoreConfig.Throttle.IO_LESS && compareTo(V4_11) >= 0;
    }

    /**
     * kswapd's balance_pgdat() stops after priority 1 and never scans a whole list at priority 0 (3.11,
     * Mel Gorman, 9aa41348a8d1 "mm: vmscan: do not allow kswapd to scan at maximum priority": the loop
     * ends {@code while (sc.priority >= 1)}); direct reclaim still goes down to 0. 2.6.35 and 3.2 loop
     * {@code for (priority = DEF_PRIORITY; priority >= 0; priority--)}.
     */
    public boolean kswapdStopsAtPriorityOne() {
        return compareTo(V4_11) >= 0;
    }

    /**
     * A direct reclaimer's shrink_zone() / shrink_lruvec() stops early on what this call reclaimed, not
     * on what the whole reclaim has (2.6.38, Mel Gorman's "reclaim order-0 and use compaction instead of
     * lumpy reclaim" made nr_reclaimed local with the restart label; 2.6.35 started it from
     * sc->nr_reclaimed). In every era a direct reclaimer does not stop early at DEF_PRIORITY.
     */
    public boolean directReclaimStopsOnCallsOwnReclaim() {
        return compareTo(V3_2) >= 0;
    }

    /**
     * Reclaim scans an LRU per zone and kswapd balances zone by zone (balance_pgdat() before 4.8, when
     * Mel Gorman's "move LRU page reclaim from zones to nodes" gave each node one LRU).
     */
    public boolean perZoneLru() {
        return compareTo(V4_11) < 0;
    }

    /**
     * shrink_folio_list() marks a dirty file page for immediate reclaim unless kswapd meets it with
     * PG_reclaim already set on a node flagged PGDAT_DIRTY; that one goes on to pageout() (4.11-6.18).
     * With no ->writepage (6.17, 6.18) pageout() returns PAGE_ACTIVATE for it: activated, not counted
     * in nr_vmscan_immediate_reclaim, or kept on the inactive list when referenced
     * (FOLIOREF_RECLAIM_CLEAN). 6.19 marks every dirty file page.
     */
    public boolean kswapdRetriesDirtyOnDirtyNode() {
        return activatesDirty && compareTo(V6_19) < 0;
    }

    /**
     * __wb_calc_thresh() raises the threshold of a bdi that has been idle to (thresh - dirty) / 8 and
     * caps it at thresh (6.14, Jim Zhao, "mm/page-writeback: consolidate wb_thresh bumping logic into
     * __wb_calc_thresh"); before, wb_position_ratio() raised it to (limit - dirty) / 8 with the
     * domain's dirty_limit, above thresh after memory shrank.
     */
    public boolean wbThreshBumpInCalcThresh() {
        return compareTo(V6_X) >= 0;
    }

    /**
     * prepare_scan_control() decides whether to deactivate (inactive_is_low()) from the memcg
     * statistics of the last periodic flush, up to 2 s old, where before it flushed them first (6.12,
     * Shakeel Butt, "memcg: use ratelimited stats flush in the reclaim"). Every kernel with memory
     * cgroups compiled in and not disabled reads them, whether or not a cgroup limits anything.
     */
    public boolean reclaimReadsFlushedMemcgStats() {
        return compareTo(V6_X) >= 0;
    }

    /**
     * The writeback side updates the bandwidth estimate at the end of do_writepages() when an update is
     * due, and in wb->bw_dwork, queued BANDWIDTH_INTERVAL after a mapping's last page ends writeback,
     * whether due or not (5.14, Jan Kara, "writeback: Reliably update bandwidth estimation"); before,
     * wb_writeback()'s loop updated it, which the older eras stand in for by an update at any write
     * completion when due.
     */
    public boolean bandwidthFromWritebackSide() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * do_try_to_free_pages() runs the priority loop again when it freed nothing and a pass skipped
     * deactivation, now deactivating regardless (sc->force_deactivate; 5.9, Johannes Weiner, "mm:
     * vmscan: enforce inactive:active ratio at the reclaim root"). Each try counts an allocstall.
     */
    public boolean directReclaimForcesDeactivation() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * prepare_scan_control() lets reclaim deactivate when refaulting pages were activated
     * (WORKINGSET_ACTIVATE_FILE) since the last reclaim ended (snapshot_refaults()), whether or not the
     * inactive list is low (5.5, Johannes Weiner, "mm: vmscan: detect file thrashing at the reclaim root").
     */
    public boolean refaultsAllowDeactivation() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * do_try_to_free_pages() first retries a priority loop that freed nothing with a full walk of the
     * memcg tree (sc->memcg_full_walk; 6be5e186fd65, "mm: vmscan: restore incremental cgroup
     * iteration", 6.11): with one LRU the same loop once more.
     */
    public boolean directReclaimRetriesFullWalk() {
        return compareTo(V6_X) >= 0;
    }

    /**
     * A fragmenting fallback of the buddy allocator boosts the zone's watermarks and wakes kswapd, which
     * reclaims the boost without writing (5.0, Mel Gorman, "mm: reclaim small amounts of memory when an
     * external fragmentation event occurs"): {@link io.wbreplay.replay.mm.Zone#boostWatermark()}.
     */
    public boolean boostsWatermarks() {
        return compareTo(V5_16) >= 0;
    }

    /**
     * kswapd retries a run that reclaimed nothing at once, counting pgdat->kswapd_failures, and gives
     * up (sleeps, and is not woken) after MAX_RECLAIM_RETRIES in a row until some reclaim makes
     * progress (4.11, Johannes Weiner, "mm: fix 100% CPU kswapd busyloop on unreclaimable nodes");
     * before, it waited HZ/10 in congestion_wait() and tried again.
     */
    public boolean kswapdCountsFailures() {
        return compareTo(V4_11) >= 0;
    }

    /**
     * ext4 caches file data in large folios (6.16, Zhang Yi, "ext4: enable large folio for regular
     * file"), and since 6.17 a buffered write's folio has the order of the write's length
     * (write_begin_get_folio(): __filemap_get_folio() with fgf_set_order()), allocated with __GFP_NORETRY and, when that order
     * fails, the next smaller one; high-order allocations wake kswapd at their order and run direct
     * compaction. Modelled on a node with zones and one LRU.
     */
    public boolean ext4LargeFolios() {
        return compareTo(V6_X) >= 0;
    }

    /**
     * Per-CPU page lists whose high mark tunes itself (6.7, Huang Ying, "mm, pcp: ..." series: batches
     * that grow while a CPU only allocates, lists held to 4 x batch while kswapd reclaims the zone) keep
     * order-0 frames out of NR_FREE_PAGES. Modelled on a node with zones and one LRU ({@link
     * io.wbreplay.replay.mm.PerCpuPages}); the older eras' fixed-size lists are not.
     */
    public boolean perCpuPageLists() {
        return compareTo(V6_X) >= 0;
    }

    /**
     * A schedule_timeout() wakes one tick later than asked, at jiffies + t + 1 (4.8, the non-cascading
     * timer wheel: {@link io.wbreplay.replay.sim.ScheduleTimeout}); before, at jiffies + t.
     */
    public boolean timerWheelRoundsUp() {
        return compareTo(V4_11) >= 0;
    }

    /**
     * A page reclaim marked PG_reclaim keeps the mark when the flusher starts writing it, so it rotates
     * to the inactive tail when written, as the mark intends (2.6.39, Minchan Kim, 278df9f451dc "mm:
     * reclaim invalidated page ASAP", moved ClearPageReclaim() from clear_page_dirty_for_io() to
     * set_page_dirty()); before, clear_page_dirty_for_io() cleared it, so only a page reclaim met already
     * under writeback rotated.
     */
    public boolean writebackKeepsReclaimMark() {
        return compareTo(V3_2) >= 0;
    }

    /**
     * kswapd's runs cost CPU time of their own besides their scanning ({@link CoreConfig#RECORDED_KSWAPD_RUN_NS}):
     * measured on 6.18, whose every priority walks the memory cgroups and the shrinkers (shrink_node_memcgs(),
     * shrink_slab()); the older eras' runs are charged only for their pages.
     */
    public boolean chargesKswapdRuns() {
        return compareTo(V6_X) >= 0;
    }

    /** What users pass to {@code --kernel}. */
    public String label() {
        return label;
    }

    public static KernelEra byLabel(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (KernelEra e : values()) {
            if (e.label.equals(t)) {
                return e;
            }
        }
        StringBuilder known = new StringBuilder();
        for (KernelEra e : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(e.label);
        }
        throw new IllegalArgumentException("unknown kernel era '" + s + "'; expected one of " + known);
    }
}
