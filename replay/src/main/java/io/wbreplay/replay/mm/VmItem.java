package io.wbreplay.replay.mm;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * include/linux/vmstat.h + mmzone.h: the counters of /proc/vmstat that the model keeps, by kernel name,
 * and the sums of the vmscan tracepoints a recording of the real kernel is compared on.
 */
public enum VmItem {
    NR_FREE_PAGES, NR_FILE_PAGES, NR_INACTIVE_FILE, NR_ACTIVE_FILE, NR_DIRTY, NR_WRITEBACK,
    NR_DIRTIED, NR_WRITTEN, NR_VMSCAN_WRITE, NR_VMSCAN_IMMEDIATE_RECLAIM,
    PGPGIN, PGPGOUT, PGACTIVATE, PGDEACTIVATE, PGREFILL, PGSCAN_KSWAPD, PGSCAN_DIRECT,
    PGSTEAL_KSWAPD, PGSTEAL_DIRECT, PGSTEAL, PGROTATED, PGINODESTEAL, ALLOCSTALL, PAGEOUTRUN,
    KSWAPD_WAKEUP, KSWAPD_SKIP_CONGESTION_WAIT, BALANCE_DIRTY_PAGES_PAUSES,
    // bdi_dirty_ratelimit events: balance_dirty_pages()' updates of the dirty limit and dirty_ratelimit
    BDI_DIRTY_RATELIMIT,
    // sums of the mm_vmscan_lru_shrink_inactive tracepoint's fields (struct reclaim_stat): nr_dirty counts
    // pages found dirty or under writeback, nr_unqueued_dirty dirty and not under writeback, nr_congested
    // under writeback with PG_reclaim already set, nr_immediate those kswapd met again on a node flagged
    // PGDAT_WRITEBACK, nr_activate the pages reclaim moved to the active list; and the tracepoint's events
    // (one per shrink_inactive_list() batch that took a page), all and those at priority 0 (a whole-list scan)
    SHRINK_INACTIVE_NR_DIRTY, SHRINK_INACTIVE_NR_UNQUEUED_DIRTY, SHRINK_INACTIVE_NR_WRITEBACK,
    SHRINK_INACTIVE_NR_CONGESTED, SHRINK_INACTIVE_NR_IMMEDIATE, SHRINK_INACTIVE_NR_ACTIVATE,
    SHRINK_INACTIVE_EVENTS, SHRINK_INACTIVE_EVENTS_PRIORITY_0,
    // mm_vmscan_throttled events by reason (reclaim_throttle(), 5.16+), and congestion_wait() naps before it
    THROTTLED_WRITEBACK, THROTTLED_CONGESTED, THROTTLED_NOPROGRESS,
    // mm_vmscan_direct_reclaim_begin events: try_to_free_pages() calls (ALLOCSTALL counts each try of
    // do_try_to_free_pages(), its retries included)
    DIRECT_RECLAIM_BEGIN,
    // NR_VMSCAN_WRITE split by who wrote (mm_vmscan_writepage from kswapd or a direct reclaimer, as Mel
    // Gorman's trace-vmscan-postprocess.pl reports "kswapd" and "direct reclaim" file writes)
    VMSCAN_WRITE_KSWAPD, VMSCAN_WRITE_DIRECT,
    // mm/workingset.c: refaults of evicted file pages, those activated at once, those active before eviction
    WORKINGSET_REFAULT_FILE, WORKINGSET_ACTIVATE_FILE, WORKINGSET_RESTORE_FILE,
    // the machine's other tasks (--other-refaults): their direct reclaims (tries and calls), throttles and
    // stall time, and their reads that found no evicted page of their files to read back (not in /proc/vmstat)
    OTHER_ALLOCSTALL, OTHER_DIRECT_RECLAIM_BEGIN, OTHER_THROTTLED, OTHER_DIRECT_RECLAIM_STALL_NS, OTHER_READS_WITHOUT_REFAULT,
    // mm/compaction.c (high-order page-cache folios, 6.17+): direct compactions and their outcome, kcompactd's
    // wakes, the pages the scanners looked at and isolated (kcompactd's share of the scanned apart: the
    // kernel counts those twice, as kcompactd_do_work() does); and, not in /proc/vmstat, the page-cache folios
    // that fell back to a smaller order, kswapd's runs for an order above 0 (mm_vmscan_kswapd_wake's order)
    // and the try_to_free_pages() calls for one (mm_vmscan_direct_reclaim_begin's order), and the direct
    // compactions tried, skipped or not (mm_compaction_try_to_compact_pages)
    COMPACT_STALL, COMPACT_SUCCESS, COMPACT_FAIL, COMPACT_DAEMON_WAKE, COMPACT_MIGRATE_SCANNED,
    COMPACT_FREE_SCANNED, COMPACT_ISOLATED, COMPACT_DAEMON_MIGRATE_SCANNED, COMPACT_DAEMON_FREE_SCANNED,
    FOLIO_ORDER_FALLBACK, KSWAPD_HIGH_ORDER_RUNS, DIRECT_RECLAIM_HIGH_ORDER, TRY_TO_COMPACT_PAGES,
    // kswapd_try_to_sleep() after a balance_pgdat() run on a node with one LRU (4.8+): the nap on a balanced
    // (or hopeless) node cut short by a wakeup, the run that found the node unbalanced and went on, and
    // the sleep until woken after a whole nap (the mm_vmscan_kswapd_sleep tracepoint)
    KSWAPD_LOW_WMARK_HIT_QUICKLY, KSWAPD_HIGH_WMARK_HIT_QUICKLY, KSWAPD_SLEEP,
    // mm_vmscan_throttled events of reason ISOLATED: a direct reclaimer waited for others' isolated pages (5.16+)
    THROTTLED_ISOLATED,
    // the workload's try_to_free_pages() calls (mm_vmscan_direct_reclaim_begin to _end) in which it was never
    // throttled: a node not flagged congested, nothing to wait for (not in /proc/vmstat)
    DIRECT_RECLAIM_UNTHROTTLED;

    /** The counters a run without the other tasks does not write (its results stay as they were). */
    public static final Set<VmItem> OTHER_TASKS = EnumSet.range(WORKINGSET_REFAULT_FILE, OTHER_READS_WITHOUT_REFAULT);
    /** The counters of high-order folios, written only by the eras that allocate them. */
    public static final Set<VmItem> HIGH_ORDER = EnumSet.range(COMPACT_STALL, DIRECT_RECLAIM_HIGH_ORDER);
    /** The counters of kswapd's naps, written only where they are modelled (one LRU per node, with zones). */
    public static final Set<VmItem> KSWAPD_NAPS = EnumSet.range(KSWAPD_LOW_WMARK_HIT_QUICKLY, KSWAPD_SLEEP);

    private final String kernelName = name().toLowerCase(Locale.ROOT);

    /** The name /proc/vmstat prints. */
    public String kernelName() {
        return kernelName;
    }
}
