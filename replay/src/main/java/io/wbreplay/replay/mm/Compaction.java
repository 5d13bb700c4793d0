package io.wbreplay.replay.mm;

/**
 * mm/compaction.c (6.x) for the high-order page-cache folios of ext4 (6.16+): compact_zone() moves
 * movable pages from the bottom of a zone (the migrate scanner, pageblock by pageblock upward) into
 * free pages taken from its top (the free scanner, downward) until a free block of the order asked for
 * exists, the scanners meet, or the free scanner finds no free page it may take while the zone is at its
 * min watermark (compaction_alloc() gives migrate_pages() no target: -ENOMEM, COMPACT_CONTENDED);
 * try_to_compact_pages() (direct, MIGRATE_ASYNC: a chunk of 2^order pages
 * with a page that cannot move is skipped whole, and a block of the order is captured as soon as it
 * forms) and kcompactd (MIGRATE_SYNC_LIGHT, woken by kswapd before it naps) run it, each zone skipped
 * while compaction_suitable() says the failure is want of memory, not fragmentation, or its compaction
 * is deferred after failures. Both scanners' positions are kept per zone between runs. The scanners
 * cost no simulated time (kcompactd's run is done at its wake). The pages it moves are the page
 * cache's and the memory others pin ({@link Pages#PG_anon}: anonymous, so movable). Pageblock skip
 * hints and migratetypes are not modelled: every pageblock is MIGRATE_MOVABLE.
 */
public final class Compaction {
    /** enum compact_result, in the kernel's order (try_to_compact_pages() keeps the largest). */
    public static final int COMPACT_SKIPPED = 1;
    public static final int COMPACT_DEFERRED = 2;
    public static final int COMPACT_CONTINUE = 4;
    public static final int COMPACT_COMPLETE = 5;
    /** The free scanner found no free page it may take (migrate_pages()'s -ENOMEM) before the scanners met. */
    public static final int COMPACT_CONTENDED = 7;
    public static final int COMPACT_SUCCESS = 8;

    /** PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h). */
    public static final int PAGE_ALLOC_COSTLY_ORDER = 3;
    /** pageblock_order on x86-64 with 2 MiB huge pages. */
    public static final int PAGEBLOCK_ORDER = 9;
    private static final int PAGEBLOCK = 1 << PAGEBLOCK_ORDER;
    /** COMPACT_CLUSTER_MAX: pages isolated for one migrate_pages() call. */
    private static final int COMPACT_CLUSTER_MAX = 32;
    /** COMPACT_MAX_DEFER_SHIFT. */
    private static final int COMPACT_MAX_DEFER_SHIFT = 6;
    /** vm.extfrag_threshold's default. */
    private static final int EXTFRAG_THRESHOLD = 500;

    private final Pages pages;
    private final PageCache cache;
    private final VmStat vmstat;
    private final Zone[] zones;
    private final int[] cachedMigrate;
    private final int[] cachedFree;
    private final int[] considered;
    private final int[] deferShift;
    private final int[] orderFailed;
    private final int[] isolated = new int[COMPACT_CLUSTER_MAX];
    private int[] targets = new int[64];
    private int nTargets;
    /** isolate_freepages() stopped at a free block it could not take (__isolate_free_page()'s watermark). */
    private boolean freeScannerFailed;

    public Compaction(Pages pages, PageCache cache, VmStat vmstat, Zone[] zones) {
        this.pages = pages;
        this.cache = cache;
        this.vmstat = vmstat;
        this.zones = zones;
        int n = zones.length;
        cachedMigrate = new int[n];
        cachedFree = new int[n];
        considered = new int[n];
        deferShift = new int[n];
        orderFailed = new int[n];
        for (int z = 0; z < n; z++) {
            resetCachedPositions(z);
        }
    }

    /** compact_gap(): the free pages compaction wants to work with, twice the block. */
    public static long compactGap(int order) {
        return 2L << order;
    }

    /**
     * compaction_suitable(): the zone's free pages (order 0) stay above {@code watermark} plus
     * compact_gap(), plus low - min for costly orders, and the lowmem_reserve; and for costly orders
     * the fragmentation index says the failure is one of fragmentation (above vm.extfrag_threshold).
     */
    public boolean suitable(int z, int order, long watermark, int highestZoneidx) {
        Zone zone = zones[z];
        long mark = watermark + compactGap(order);
        if (order > PAGE_ALLOC_COSTLY_ORDER) {
            mark += zone.lowWmark() - zone.minWmark();
        }
        if (!zone.watermarkOk(0, mark, highestZoneidx)) {
            return false;
        }
        if (order > PAGE_ALLOC_COSTLY_ORDER) {
            int fragindex = fragmentationIndex(z, order);
            return fragindex < 0 || fragindex > EXTFRAG_THRESHOLD;
        }
        return true;
    }

    /**
     * fragmentation_index(): -1000 when a block of the order is free, 0 when no block is free, else
     * 1000 - (1000 + free pages x 1000 / 2^order) / free blocks: near 1000 the free memory is there
     * but in pieces too small.
     */
    int fragmentationIndex(int z, int order) {
        long freePages = 0;
        long blocks = 0;
        long suitable = 0;
        for (int o = 0; o <= FreeArea.MAX_PAGE_ORDER; o++) {
            long b = zones[z].freeBlocks(o);
            blocks += b;
            freePages += b << o;
            if (o >= order) {
                suitable += b << (o - order);
            }
        }
        if (suitable > 0) {
            return -1000;
        }
        if (blocks == 0) {
            return 0;
        }
        return (int) (1000 - (1000 + freePages * 1000 / (1L << order)) / blocks);
    }

    /** compaction_suit_allocation_order() with ALLOC_WMARK_MIN: SUCCESS (a block is there), SKIPPED or CONTINUE. */
    private int suitAllocationOrder(int z, int order, int highestZoneidx) {
        Zone zone = zones[z];
        if (zone.watermarkOk(order, zone.minWmark(), highestZoneidx)) {
            return COMPACT_SUCCESS;
        }
        return suitable(z, order, zone.minWmark(), highestZoneidx) ? COMPACT_CONTINUE : COMPACT_SKIPPED;
    }

    /**
     * try_to_compact_pages(), {@code async} at INIT_COMPACT_PRIORITY (MIGRATE_ASYNC) else at
     * DEF_COMPACT_PRIORITY (MIGRATE_SYNC_LIGHT): each zone from the highest the allocation may use down,
     * unless deferred, until one has a free block of {@code order}; the largest result. A
     * MIGRATE_SYNC_LIGHT run whose scanners met defers the zone. The caller takes the page and counts
     * the stall ({@link #allocSucceeded}).
     */
    public int tryToCompactPages(int order, int highestZoneidx, boolean async) {
        int rc = COMPACT_SKIPPED;
        for (int z = highestZoneidx; z >= 0; z--) {
            if (deferred(z, order)) {
                rc = Math.max(rc, COMPACT_DEFERRED);
                continue;
            }
            int status = suitAllocationOrder(z, order, highestZoneidx);
            if (status == COMPACT_CONTINUE) {
                status = compactZone(z, order, true, async);
            }
            rc = Math.max(rc, status);
            if (status == COMPACT_SUCCESS) {
                orderFailed[z] = Math.max(orderFailed[z], order + 1); // compaction_defer_reset(zone, order, false)
                break;
            }
            if (!async && status == COMPACT_COMPLETE) {
                deferCompaction(z, order);
            }
        }
        return rc;
    }

    /** compaction_defer_reset(zone, order, true) after a direct compaction that got its page. */
    public void allocSucceeded(int z, int order) {
        considered[z] = 0;
        deferShift[z] = 0;
        orderFailed[z] = Math.max(orderFailed[z], order + 1);
    }

    /**
     * wakeup_kcompactd() and kcompactd_do_work() (MIGRATE_SYNC_LIGHT), done at once: when a zone up to
     * {@code highestZoneidx} lacks a free block of {@code order} and compaction would help, each such
     * zone not deferred is compacted; a failure defers the zone's next compactions.
     */
    public void kcompactd(int order, int highestZoneidx) {
        boolean suitableNode = false;
        for (int z = 0; z <= highestZoneidx && !suitableNode; z++) {
            suitableNode = suitAllocationOrder(z, order, highestZoneidx) == COMPACT_CONTINUE;
        }
        if (!suitableNode) {
            return;
        }
        vmstat.inc(VmItem.COMPACT_DAEMON_WAKE);
        for (int z = 0; z <= highestZoneidx; z++) {
            if (deferred(z, order) || suitAllocationOrder(z, order, highestZoneidx) != COMPACT_CONTINUE) {
                continue;
            }
            int status = compactZone(z, order, false, false);
            if (status == COMPACT_SUCCESS) {
                orderFailed[z] = Math.max(orderFailed[z], order + 1);
            } else if (status == COMPACT_COMPLETE) {
                deferCompaction(z, order);
            }
        }
    }

    /** compaction_deferred(). */
    private boolean deferred(int z, int order) {
        if (order < orderFailed[z]) {
            return false;
        }
        int limit = 1 << deferShift[z];
        if (++considered[z] >= limit) {
            considered[z] = limit;
            return false;
        }
        return true;
    }

    /** defer_compaction(). */
    private void deferCompaction(int z, int order) {
        considered[z] = 0;
        deferShift[z] = Math.min(deferShift[z] + 1, COMPACT_MAX_DEFER_SHIFT);
        orderFailed[z] = Math.min(orderFailed[z], order);
    }

    /** reset_cached_positions(): the migrate scanner at the zone's start, the free scanner at its last pageblock. */
    private void resetCachedPositions(int z) {
        int start = pages.zoneStart(z);
        int end = start + pages.zoneFrames(z);
        cachedMigrate[z] = start;
        int lastFullBlockEnd = start + ((end - start) & ~(PAGEBLOCK - 1));
        cachedFree[z] = lastFullBlockEnd > start ? lastFullBlockEnd : end;
    }

    /**
     * compact_zone(): {@code direct} for an allocation (a block of the order ends it at once,
     * compaction_capture()), else kcompactd's (finished at a pageblock's end); {@code async}: in
     * MIGRATE_ASYNC mode a direct compaction gives up an order-aligned chunk whole at the first page
     * that cannot be isolated (skip_on_failure). SUCCESS, COMPLETE when the scanners met, or CONTENDED
     * when the free scanner could take no free page for the pages isolated (compact_zone(): migrate_pages()
     * returns -ENOMEM before the scanners met; they are put back).
     */
    int compactZone(int z, int order, boolean direct, boolean async) {
        boolean skipOnFailure = direct && async;
        int start = pages.zoneStart(z);
        int migrate = cachedMigrate[z];
        int free = cachedFree[z];
        int result;
        nTargets = 0;
        while (true) {
            if (migrate >= free) {
                resetCachedPositions(z);
                result = COMPACT_COMPLETE;
                break;
            }
            int n = 0;
            int chunk = 1 << order;
            int blockEnd = Math.min((migrate & ~(PAGEBLOCK - 1)) + PAGEBLOCK, free);
            int pfn = migrate;
            while (pfn < blockEnd) {
                if (skipOnFailure && n > 0 && ((pfn - start) & (chunk - 1)) == 0) {
                    break; // a whole chunk isolated: migrate it
                }
                vmstat.inc(VmItem.COMPACT_MIGRATE_SCANNED);
                int buddy = pages.freeBlockOrder(pfn);
                if (buddy >= 0) {
                    pfn += 1 << buddy;
                    continue;
                }
                if (cache.migratable(pfn) || pages.test(pfn, Pages.PG_anon)) {
                    isolated[n++] = pfn++;
                    if (n == COMPACT_CLUSTER_MAX) {
                        break;
                    }
                    continue;
                }
                if (skipOnFailure) { // isolate_fail: the chunk cannot become free
                    n = 0;
                    pfn = start + (((pfn - start) | (chunk - 1)) + 1);
                    continue;
                }
                pfn++;
            }
            migrate = Math.min(pfn, blockEnd);
            vmstat.add(VmItem.COMPACT_ISOLATED, n);
            freeScannerFailed = false;
            for (int i = 0; i < n; i++) {
                if (nTargets == 0) {
                    free = isolateFreepages(z, free, migrate);
                    if (nTargets == 0) {
                        break; // no target: the rest stay where they are
                    }
                }
                migrate(z, isolated[i], targets[--nTargets]);
            }
            if (freeScannerFailed && migrate < free) {
                result = COMPACT_CONTENDED;
                break;
            }
            boolean blockDone = (migrate & (PAGEBLOCK - 1)) == 0 || migrate >= free;
            if ((direct || blockDone) && zones[z].hasFreeBlock(order)) {
                result = COMPACT_SUCCESS;
                break;
            }
        }
        while (nTargets > 0) { // release_free_list()
            pages.free(targets[--nTargets]);
        }
        if (result != COMPACT_COMPLETE) {
            cachedMigrate[z] = migrate;
            cachedFree[z] = free;
        }
        return result;
    }

    /** migrate_pages() of one page to a free frame: a page-cache page with its mapping and LRU place, or an anonymous one. */
    private void migrate(int z, int from, int to) {
        if (pages.test(from, Pages.PG_anon)) {
            pages.copyState(from, to);
            pages.free(from);
            zones[z].movedPinned(to);
        } else {
            cache.migratePage(from, to);
        }
    }

    /**
     * isolate_freepages(): from the pageblock below {@code free} down to the one above the migrate
     * scanner's, takes whole free blocks (while the zone stays above its min watermark plus the block,
     * __isolate_free_page(), which reads _watermark[WMARK_MIN] without the boost) as single frames for
     * migration targets; returns the new free scanner position. A block it may not take ends the search
     * ("if isolation failed early, do not continue needlessly") with that pageblock still to scan.
     */
    private int isolateFreepages(int z, int free, int migrate) {
        int low = (migrate & ~(PAGEBLOCK - 1)) + PAGEBLOCK;
        Zone zone = zones[z];
        while (nTargets == 0 && free > low) {
            int blockStart = Math.max((free - 1) & ~(PAGEBLOCK - 1), pages.zoneStart(z));
            for (int pfn = blockStart; pfn < free; ) {
                vmstat.inc(VmItem.COMPACT_FREE_SCANNED);
                int order = pages.freeBlockOrder(pfn);
                if (order < 0) {
                    pfn++;
                    continue;
                }
                if (!zone.watermarkOk(0, zone.minWmarkUnboosted() + (1L << order), 0)) {
                    freeScannerFailed = nTargets == 0;
                    return free;
                }
                pages.isolateFreeBlock(pfn);
                for (int i = (1 << order) - 1; i >= 0; i--) {
                    if (nTargets == targets.length) {
                        targets = java.util.Arrays.copyOf(targets, nTargets * 2);
                    }
                    targets[nTargets++] = pfn + i;
                }
                pfn += 1 << order;
            }
            free = blockStart;
        }
        return free;
    }
}
