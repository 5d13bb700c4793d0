package io.wbreplay.replay.mm;

import java.util.BitSet;

/**
 * mm/compaction.c (6.x) for the high-order page-cache folios of ext4 (6.16+): compact_zone() moves
 * movable pages from the bottom of a zone (the migrate scanner, pageblock by pageblock upward) into
 * free pages taken from its top (the free scanner, downward) until a free block of the order asked for
 * exists, the scanners meet, or no free block it took fits a folio (compaction_alloc() gives
 * migrate_pages() no target: -ENOMEM, COMPACT_CONTENDED); try_to_compact_pages() (direct,
 * MIGRATE_ASYNC: a chunk of 2^order pages with a page that cannot move is skipped whole, the free
 * scanner samples its blocks, and a block of the order is captured as soon as it forms) and
 * {@link Kcompactd} (MIGRATE_SYNC_LIGHT, round by round in its own time) run it, each zone skipped while
 * compaction_suitable() says the failure is want of memory, not fragmentation, or its compaction is
 * deferred after failures. The scanners' positions are kept per zone between runs, and each pageblock
 * a scanner has been through is marked (PB_migrate_skip) and passed by both until the marks are
 * cleared: when kswapd next goes to sleep after a direct compaction swept the zone, or when compaction
 * comes back after its longest deferral. Both scanners first search the free lists
 * (fast_find_migrateblock(), fast_isolate_freepages()). Folios move whole into free blocks of their
 * order (6.9+), and a folio as large as the block asked for is not moved. The second round in a
 * pageblock takes the rest of it (finish_pageblock). {@link #workPs} is the CPU time the work took, for
 * the task that did it. The pages it moves are the page cache's and
 * the memory others pin ({@link Pages#PG_anon}: anonymous, so movable). Migratetypes are not
 * modelled: every pageblock is MIGRATE_MOVABLE, and whole_zone is not told apart (COMPACT_COMPLETE
 * stands for COMPACT_PARTIAL_SKIPPED too). docs/kernel-eras.md, "Compaction's skip hints", "Folios move
 * whole" and "kcompactd in time".
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
    /** compact_cached_migrate_pfn[0] (async) and [1] (sync) of each zone. */
    private final int[][] cachedMigrate;
    private final int[] cachedFree;
    /** compact_init_free_pfn: where the last reset put the free scanner (0: none yet). */
    private final int[] initFree;
    private final int[] considered;
    private final int[] deferShift;
    private final int[] orderFailed;
    /** PB_migrate_skip of every pageblock (zone z's first at skipBase[z]), and compact_blockskip_flush. */
    private final BitSet skip = new BitSet();
    private final int[] skipBase;
    private final boolean[] blockskipFlush;
    /** The folios isolated for migration (their first frames) and their orders; how many pages they hold. */
    private final int[] isolated = new int[PAGEBLOCK];
    private final int[] isolatedOrder = new int[PAGEBLOCK];
    private int isolatedPages;
    /** The compaction whose round runs now. */
    private CompactControl cc;

    public Compaction(Pages pages, PageCache cache, VmStat vmstat, Zone[] zones) {
        this.pages = pages;
        this.cache = cache;
        this.vmstat = vmstat;
        this.zones = zones;
        int n = zones.length;
        cachedMigrate = new int[2][n];
        cachedFree = new int[n];
        initFree = new int[n];
        considered = new int[n];
        deferShift = new int[n];
        orderFailed = new int[n];
        skipBase = new int[n];
        blockskipFlush = new boolean[n];
        for (int z = 0; z < n; z++) {
            resetCachedPositions(z);
            if (z + 1 < n) {
                skipBase[z + 1] = skipBase[z] + (pages.zoneFrames(z) + PAGEBLOCK - 1) / PAGEBLOCK;
            }
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
        vmstat.inc(VmItem.TRY_TO_COMPACT_PAGES); // trace_mm_compaction_try_to_compact_pages()
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

    /** kcompactd_node_suitable(): some zone up to {@code highestZoneidx} lacks a block of {@code order} that compaction could make. */
    boolean nodeSuitable(int order, int highestZoneidx) {
        for (int z = 0; z <= highestZoneidx; z++) {
            if (suitAllocationOrder(z, order, highestZoneidx) == COMPACT_CONTINUE) {
                return true;
            }
        }
        return false;
    }

    /** kcompactd_do_work()'s test of zone {@code z}: not deferred, no block of {@code order} free, compaction suitable. */
    boolean kcompactdSuitable(int z, int order) {
        return !deferred(z, order) && suitAllocationOrder(z, order, z) == COMPACT_CONTINUE;
    }

    /** kcompactd_do_work() after compacting zone {@code z}: a success resets the deferral, a sweep defers the zone. */
    void kcompactdZoneDone(int z, int order, int status) {
        if (status == COMPACT_SUCCESS) {
            orderFailed[z] = Math.max(orderFailed[z], order + 1); // compaction_defer_reset(zone, order, false)
        } else if (status == COMPACT_COMPLETE) {
            deferCompaction(z, order);
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

    /** reset_cached_positions(): the migrate scanners at the zone's start, the free scanner at its last pageblock. */
    private void resetCachedPositions(int z) {
        int start = pages.zoneStart(z);
        cachedMigrate[0][z] = start;
        cachedMigrate[1][z] = start;
        cachedFree[z] = blockStart(z, zoneEnd(z) - 1);
    }

    private int zoneEnd(int z) {
        return pages.zoneStart(z) + pages.zoneFrames(z);
    }

    /** pageblock_start_pfn(): pageblocks are aligned within their zone, as the model's buddy blocks are. */
    private int blockStart(int z, int pfn) {
        return orderBlockStart(z, pfn, PAGEBLOCK_ORDER);
    }

    /** block_start_pfn(pfn, order): the start of the order-aligned block holding {@code pfn}, within its zone. */
    private int orderBlockStart(int z, int pfn, int order) {
        int start = pages.zoneStart(z);
        return start + ((pfn - start) & -(1 << order));
    }

    /** pageblock_end_pfn(), at most the zone's end. */
    private int blockEnd(int z, int pfn) {
        return Math.min(blockStart(z, pfn) + PAGEBLOCK, zoneEnd(z));
    }

    private int skipBit(int z, int pfn) {
        return skipBase[z] + ((pfn - pages.zoneStart(z)) >> PAGEBLOCK_ORDER);
    }

    /** get_pageblock_skip(): PB_migrate_skip of the pageblock holding {@code pfn}. */
    boolean skipped(int z, int pfn) {
        return skip.get(skipBit(z, pfn));
    }

    /** compact_scanners_met(): the free scanner's pageblock is at or below the migrate scanner's. */
    private boolean scannersMet(int z, int free, int migrate) {
        int start = pages.zoneStart(z);
        return (free - start) >> PAGEBLOCK_ORDER <= (migrate - start) >> PAGEBLOCK_ORDER;
    }

    /** compaction_restarting(): the zone's compaction comes back after the longest deferral. */
    private boolean restarting(int z, int order) {
        return order >= orderFailed[z] && deferShift[z] == COMPACT_MAX_DEFER_SHIFT
                && considered[z] >= 1 << deferShift[z];
    }

    /**
     * reset_isolation_suitable(), called as kswapd goes to sleep (kswapd_try_to_sleep()): the skip hints
     * of every zone a direct compaction swept whole since the last reset are cleared.
     */
    public void resetIsolationSuitable() {
        for (int z = 0; z < zones.length; z++) {
            resetIsolationSuitable(z);
        }
    }

    /**
     * __reset_isolation_suitable(): only after a direct compaction's scanners met (compact_blockskip_flush).
     * From both ends of the zone towards its middle, a pageblock's hint is cleared if a sample of every
     * eighth frame finds a page on an LRU (a source) or a free block (a target); the lowest such source
     * and the highest such target become the scanners' new starts (the target compact_init_free_pfn
     * too); if none was found the scanners are left where they crossed, so the next compaction ends at
     * once.
     */
    private void resetIsolationSuitable(int z) {
        if (!blockskipFlush[z]) {
            return;
        }
        blockskipFlush[z] = false;
        int migrate = pages.zoneStart(z);
        int free = zoneEnd(z) - 1;
        int resetMigrate = free;
        int resetFree = migrate;
        boolean sourceSet = false;
        boolean freeSet = false;
        for (; migrate < free; migrate += PAGEBLOCK, free -= PAGEBLOCK) {
            if (resetIsolationPfn(z, migrate, true, sourceSet) && migrate < resetMigrate) {
                sourceSet = true;
                resetMigrate = migrate;
                cachedMigrate[0][z] = migrate;
                cachedMigrate[1][z] = migrate;
            }
            if (resetIsolationPfn(z, free, freeSet, true) && free > resetFree) {
                freeSet = true;
                resetFree = free;
                initFree[z] = free;
                cachedFree[z] = free;
            }
        }
        if (resetMigrate >= resetFree) {
            cachedMigrate[0][z] = migrate;
            cachedMigrate[1][z] = migrate;
            cachedFree[z] = free;
        }
    }

    /** __reset_isolation_pfn(): true if the pageblock of {@code pfn} may serve (its hint then cleared). */
    private boolean resetIsolationPfn(int z, int pfn, boolean checkSource, boolean checkTarget) {
        if (checkSource && checkTarget && !skipped(z, pfn)) {
            return true;
        }
        int end = blockEnd(z, pfn) - 1;
        for (int id = blockStart(z, pfn); id <= end; id += 1 << PAGE_ALLOC_COSTLY_ORDER) {
            if ((checkSource && (pages.test(id, Pages.PG_lru) || pages.test(id, Pages.PG_anon)))
                    || (checkTarget && pages.freeBlockOrder(id) >= 0)) {
                skip.clear(skipBit(z, pfn));
                return true;
            }
        }
        return false;
    }

    /** update_cached_migrate(): where the async (and, for a sync compaction, the sync) migrate scanner restarts. */
    private void updateCachedMigrate(int z, int pfn, boolean async) {
        int end = blockEnd(z, pfn); // pageblock_end_pfn(): the block after, for a pfn at a block's start
        cachedMigrate[0][z] = Math.max(cachedMigrate[0][z], end);
        if (!async) {
            cachedMigrate[1][z] = Math.max(cachedMigrate[1][z], end);
        }
    }

    /**
     * compact_zone(): {@code direct} for an allocation (a block of the order ends it at once,
     * compaction_capture()), else kcompactd's (finished at a pageblock's end); {@code async}:
     * MIGRATE_ASYNC. Each round isolate_migratepages() takes the first pageblock from the migrate
     * scanner up whose skip hint is clear (or one fast_find_migrateblock() picks), marks it, and isolates
     * up to COMPACT_CLUSTER_MAX pages in whole folios (async direct: an order-aligned chunk whole, skipped
     * at the first page that cannot be isolated); compaction_alloc() gives each folio a free block of its
     * order from those isolate_freepages() took. SUCCESS, COMPLETE when the scanners met (a direct
     * compaction then asks kswapd to clear the hints when it next sleeps), or CONTENDED when no block
     * fitted a folio before they met (migrate_pages()'s -ENOMEM); that folio and the rest then stay.
     */
    int compactZone(int z, int order, boolean direct, boolean async) {
        CompactControl c = begin(z, order, direct, async);
        int result;
        do {
            result = round(c);
        } while (result == COMPACT_CONTINUE);
        end(c);
        return result;
    }

    /** compact_zone()'s start: the scanners where the zone's cached positions left them. */
    CompactControl begin(int z, int order, boolean direct, boolean async) {
        if (restarting(z, order)) {
            resetIsolationSuitable(z); // "failures recently and compaction is about to be retried"
        }
        CompactControl c = new CompactControl(z, order, direct, async);
        c.migrate = cachedMigrate[async ? 0 : 1][z];
        c.free = cachedFree[z];
        c.searchOrder = order;
        c.updateCached = async && cachedMigrate[0][z] == cachedMigrate[1][z];
        return c;
    }

    /**
     * One round of compact_zone()'s loop: compact_finished(), then isolate_migratepages() and
     * migrate_pages() of what it isolated. COMPACT_CONTINUE while the compaction goes on, else how it
     * ended ({@link #end} then releases its free blocks).
     */
    int round(CompactControl c) {
        cc = c;
        int z = c.zone;
        int order = c.order;
        // compact_finished(), before every round
        if (scannersMet(z, c.free, c.migrate)) {
            resetCachedPositions(z);
            if (c.direct) {
                blockskipFlush[z] = true;
            }
            return COMPACT_COMPLETE;
        }
        if (c.migrate == blockStart(z, c.migrate) && zones[z].hasFreeBlock(order)) {
            return COMPACT_SUCCESS; // "Always finish scanning a pageblock", then is a suitable page free?
        }
        // "Avoid multiple rescans of the same pageblock": a round that starts in the pageblock the last
        // one isolated from takes the rest of it at once
        c.finishPageblock = c.lastMigratedPfn >= 0 && blockStart(z, c.lastMigratedPfn) == blockStart(z, c.migrate);
        // isolate_migratepages(): the first pageblock it may scan, not beyond the free scanner
        int low = order > PAGE_ALLOC_COSTLY_ORDER ? fastFindMigrateblock() : c.migrate;
        boolean fastFound = low != c.migrate && c.fastSearchFail == 0;
        c.migrate = low;
        int blockEnd = blockEnd(z, low);
        int n = 0;
        boolean scanned = false;
        for (; blockEnd <= c.free; fastFound = false, c.migrate = low = blockEnd, blockEnd = blockEnd(z, blockEnd)) {
            boolean atBlockStart = low == blockStart(z, low);
            if (atBlockStart && !fastFound && skipped(z, low)) {
                continue; // "If isolation recently failed, do not retry"
            }
            if (atBlockStart) {
                skip.set(skipBit(z, low)); // test_and_set_skip() at the first isolation, or set when none was
            }
            n = isolateMigratepagesBlock(z, low, blockEnd, order, c.direct && c.async);
            c.migrate = scanEnd;
            if (n == 0 && c.migrate >= blockEnd) {
                updateCachedMigrate(z, blockEnd, c.async);
            }
            scanned = true;
            break;
        }
        if (!scanned || n == 0) {
            if (c.updateCached) {
                cachedMigrate[1][z] = cachedMigrate[0][z];
            }
            return COMPACT_CONTINUE; // ISOLATE_NONE: the scanners are checked again
        }
        c.updateCached = false;
        c.lastMigratedPfn = Math.max(pages.zoneStart(z), blockStart(z, c.migrate - 1));
        vmstat.add(VmItem.COMPACT_ISOLATED, isolatedPages);
        boolean noTarget = false;
        long remaining = isolatedPages; // cc->nr_migratepages
        for (int i = 0; i < n; i++) {
            int k = isolatedOrder[i];
            int to = compactionAlloc(k, remaining);
            if (to == Pages.NIL) {
                noTarget = true;
                break; // migrate_pages() -ENOMEM: this folio and the rest stay where they are
            }
            remaining -= 1L << k;
            for (int j = 0; j < 1 << k; j++) {
                migrate(z, isolated[i] + j, to + j);
            }
        }
        if (noTarget && !scannersMet(z, c.free, c.migrate)) {
            return COMPACT_CONTENDED; // migrate_pages() -ENOMEM
        }
        if (c.direct && zones[z].hasFreeBlock(order)) {
            return COMPACT_SUCCESS; // compaction_capture(): the block formed under a direct compaction
        }
        // check_drain: past the order-aligned block it migrated from, the frames migration freed onto this
        // CPU's list go back to the buddy allocator (lru_add_drain_cpu_zone()), so they can merge
        if (order > 0 && c.lastMigratedPfn >= 0 && c.lastMigratedPfn < orderBlockStart(z, c.migrate, order)) {
            if (pages.pcp() != null) {
                pages.pcp().drainLocalPages(z);
            }
            c.lastMigratedPfn = -1; // "No more flushing until we migrate again"
        }
        return COMPACT_CONTINUE;
    }

    /** compact_zone()'s out: release_freepages(), the cached free scanner moved back to the highest block released. */
    void end(CompactControl c) {
        int z = c.zone;
        int highest = -1;
        for (int o = 0; o < c.freepages.length; o++) {
            while (!c.freepages[o].isEmpty()) {
                int id = c.freepages[o].pollFirst();
                highest = Math.max(highest, id);
                for (int j = 0; j < 1 << o; j++) {
                    pages.free(id + j);
                }
            }
        }
        c.nrFreepages = 0;
        if (highest >= 0 && blockStart(z, highest) > cachedFree[z]) {
            cachedFree[z] = blockStart(z, highest); // "Only go back, not forward"
        }
    }

    /** Where the last isolate_migratepages_block() stopped (cc->migrate_pfn). */
    private int scanEnd;

    /**
     * isolate_migratepages_block() from {@code low} to {@code end}: the folios it may move, whole, up
     * to COMPACT_CLUSTER_MAX pages (to the block's end when finishing the pageblock); a folio as large as the block asked for is passed
     * (skip_isolation_on_order(): moving it could not make the block); with {@code skipOnFailure}, an
     * order-aligned chunk whole or not at all, the scan stopping at a chunk's end once something is
     * isolated. Returns how many folios ({@link #isolatedPages} pages); {@link #scanEnd}.
     */
    private int isolateMigratepagesBlock(int z, int low, int end, int order, boolean skipOnFailure) {
        int start = pages.zoneStart(z);
        int chunk = 1 << order;
        int n = 0;
        isolatedPages = 0;
        int pfn = low;
        while (pfn < end) {
            if (skipOnFailure && n > 0 && ((pfn - start) & (chunk - 1)) == 0) {
                break; // a whole chunk isolated: migrate it
            }
            vmstat.inc(VmItem.COMPACT_MIGRATE_SCANNED);
            int buddy = pages.freeBlockOrder(pfn);
            if (buddy >= 0) {
                pfn += 1 << buddy;
                continue;
            }
            int k = folioOrder(z, pfn, end);
            if (k < order && k < PAGEBLOCK_ORDER && movable(pfn, k)) {
                vmstat.add(VmItem.COMPACT_MIGRATE_SCANNED, (1 << k) - 1);
                isolated[n] = pfn;
                isolatedOrder[n++] = k;
                isolatedPages += 1 << k;
                pfn += 1 << k;
                if (isolatedPages >= COMPACT_CLUSTER_MAX && !cc.finishPageblock) {
                    break;
                }
                continue;
            }
            pfn += 1 << k; // isolate_fail (a folio too large is passed whole)
            if (skipOnFailure) { // the chunk cannot become free
                n = 0;
                isolatedPages = 0;
                int chunkEnd = start + (((pfn - 1 - start) | (chunk - 1)) + 1);
                pfn = Math.max(pfn, chunkEnd);
            }
        }
        scanEnd = Math.min(pfn, end);
        return n;
    }

    /**
     * The order of the page-cache folio starting at {@code pfn}: a {@link Pages#PG_head} frame and the
     * {@link Pages#PG_tail} frames after it, a whole aligned power of two; 0 for a single page, or for
     * frames that no longer form a whole folio (the model reclaims a folio's pages one by one).
     */
    private int folioOrder(int z, int pfn, int end) {
        if (!pages.test(pfn, Pages.PG_head)) {
            return 0;
        }
        int n = 1;
        while (pfn + n < end && n < 1 << PAGEBLOCK_ORDER && pages.test(pfn + n, Pages.PG_tail)) {
            n++;
        }
        int k = 31 - Integer.numberOfLeadingZeros(n);
        return n == 1 << k && ((pfn - pages.zoneStart(z)) & (n - 1)) == 0 ? k : 0;
    }

    /** Every page of the folio of order {@code k} at {@code pfn} can be isolated and moved (or it is the pinned memory's). */
    private boolean movable(int pfn, int k) {
        for (int j = 0; j < 1 << k; j++) {
            if (!cache.migratable(pfn + j) && !pages.test(pfn + j, Pages.PG_anon)) {
                return false;
            }
        }
        return true;
    }

    /**
     * compaction_alloc() (6.9+): a free block of order {@code k} for a folio of that order, the smallest
     * isolated block that fits split down (its upper halves kept for later folios); when none fits,
     * isolate_freepages() once more, then NIL.
     */
    private int compactionAlloc(int k, long remaining) {
        boolean isolatedNow = false;
        int j;
        while (true) {
            j = k;
            while (j < cc.freepages.length && cc.freepages[j].isEmpty()) {
                j++;
            }
            if (j < cc.freepages.length) {
                break;
            }
            if (isolatedNow) {
                return Pages.NIL;
            }
            isolateFreepages(remaining);
            isolatedNow = true;
        }
        int block = cc.freepages[j].pollFirst();
        int size = 1 << j;
        while (j > k) {
            j--;
            size >>= 1;
            cc.freepages[j].addFirst(block + size);
        }
        cc.nrFreepages -= 1L << k;
        return block;
    }

    /**
     * fast_find_migrateblock() for an order above PAGE_ALLOC_COSTLY_ORDER, at a pageblock's start:
     * a free block of order - 1 down to PAGE_ALLOC_COSTLY_ORDER in the lower part of the scan space
     * (half of it at the zone's start, an eighth later) whose pageblock's hint is clear starts the scan
     * there, as it holds free pages already; at most freelist_scan_limit() list entries are looked at,
     * the list turned so the next search goes on from there. Else, after a failed search, the lowest
     * block such a search found (reinit_migrate_pfn()).
     */
    private int fastFindMigrateblock() {
        int z = cc.zone;
        int order = cc.order;
        int migrate = cc.migrate;
        int start = pages.zoneStart(z);
        if (cc.finishPageblock || (migrate != start && migrate != blockStart(z, migrate))) {
            return migrate; // the pageblock is to be finished, or a scan restarted after COMPACT_CLUSTER_MAX
        }
        int distance = (cc.free - migrate) >> 1;
        if (migrate != start) {
            distance >>= 2;
        }
        int highPfn = blockStart(z, migrate + distance);
        int limit = freelistScanLimit();
        int scanned = 0;
        int pfn = migrate;
        boolean found = false;
        for (int o = order - 1; o >= PAGE_ALLOC_COSTLY_ORDER && !found && scanned < limit; o--) {
            for (int id = pages.freeListFirst(z, o); id != Pages.NIL; id = pages.lruNext(id)) {
                if (scanned++ >= limit) {
                    pages.rotateFreeList(z, o, id, true); // move_freelist_tail()
                    break;
                }
                if (id < highPfn) {
                    if (skipped(z, id)) {
                        continue;
                    }
                    pages.rotateFreeList(z, o, id, true);
                    if (cc.fastStartPfn != Integer.MAX_VALUE) { // update_fast_start_pfn()
                        cc.fastStartPfn = cc.fastStartPfn == 0 ? id : Math.min(cc.fastStartPfn, id);
                    }
                    pfn = blockStart(z, id);
                    cc.fastSearchFail = 0;
                    found = true;
                    break;
                }
            }
        }
        vmstat.add(VmItem.COMPACT_MIGRATE_SCANNED, scanned);
        if (!found) {
            cc.fastSearchFail++;
            if (cc.fastStartPfn != 0 && cc.fastStartPfn != Integer.MAX_VALUE) { // reinit_migrate_pfn()
                pfn = cc.fastStartPfn;
                cc.fastStartPfn = Integer.MAX_VALUE;
            }
        }
        return pfn;
    }

    /** freelist_scan_limit(): COMPACT_CLUSTER_MAX halved by each failed fast search, plus one. */
    private int freelistScanLimit() {
        return (COMPACT_CLUSTER_MAX >> Math.min(31, cc.fastSearchFail)) + 1;
    }

    /**
     * isolate_freepages() until {@code need} free frames are held: first fast_isolate_freepages(), then
     * the linear scan from the free scanner down to the pageblock above the migrate scanner's, block by
     * block, passing blocks whose hint is set or that start with a free pageblock; in MIGRATE_ASYNC it
     * samples every COMPACT_CLUSTER_MAX-th frame of a block (back to every frame after a block that
     * gave some, doubling again after one that gave none). A block scanned to its end gets its hint
     * set and lowers the zone's cached free scanner; a free block it may not take (the min watermark)
     * ends the search.
     */
    private void isolateFreepages(long need) {
        int z = cc.zone;
        fastIsolateFreepages(need);
        if (cc.nrFreepages > 0) {
            return;
        }
        int isolateStart = cc.free;
        int blockStart = blockStart(z, isolateStart);
        int blockEnd = blockEnd(z, isolateStart);
        int low = blockEnd(z, cc.migrate);
        int stride = cc.async ? COMPACT_CLUSTER_MAX : 1;
        for (; blockStart >= low; blockEnd = blockStart, blockStart -= PAGEBLOCK, isolateStart = blockStart) {
            int first = pages.freeBlockOrder(blockStart);
            if (first >= PAGEBLOCK_ORDER) {
                continue; // suitable_migration_target(): a large free page is not broken up
            }
            if (skipped(z, blockStart)) {
                continue;
            }
            long before = cc.nrFreepages;
            isolateStart = isolateFreepagesBlock(z, isolateStart, blockEnd, stride, need);
            if (isolateStart == blockEnd) {
                skip.set(skipBit(z, blockStart)); // update_pageblock_skip()
                int below = blockStart - PAGEBLOCK;
                if (below < cachedFree[z]) {
                    cachedFree[z] = below;
                }
            }
            if (cc.nrFreepages >= need) {
                if (isolateStart >= blockEnd) {
                    isolateStart = blockStart - PAGEBLOCK; // restart at the block below next time
                }
                break;
            } else if (isolateStart < blockEnd) {
                break; // "If isolation failed early, do not continue needlessly"
            }
            stride = cc.nrFreepages > before ? 1 : Math.min(COMPACT_CLUSTER_MAX, stride << 1);
        }
        cc.free = isolateStart;
    }

    /**
     * isolate_freepages_block(): from {@code from} up to {@code end} every {@code stride}-th frame, each
     * free block found taken whole into cc->freepages (while the zone stays above _watermark[WMARK_MIN],
     * without the boost, plus the block: __isolate_free_page()), until {@code need} pages are held;
     * returns where it stopped (end when it scanned the whole range).
     */
    private int isolateFreepagesBlock(int z, int from, int end, int stride, long need) {
        Zone zone = zones[z];
        int pfn = from;
        for (; pfn < end; pfn += stride) {
            vmstat.inc(VmItem.COMPACT_FREE_SCANNED);
            int o = pages.freeBlockOrder(pfn);
            if (o < 0) {
                continue;
            }
            if (!takeFreeBlock(zone, pfn, o)) {
                break;
            }
            vmstat.add(VmItem.COMPACT_FREE_SCANNED, (1 << o) - 1);
            if (cc.nrFreepages >= need) {
                pfn += 1 << o;
                break;
            }
            pfn += (1 << o) - 1;
        }
        return Math.min(pfn, end);
    }

    /** __isolate_free_page() of the free block of {@code order} at {@code pfn} into cc->freepages, whole; false at the min watermark. */
    private boolean takeFreeBlock(Zone zone, int pfn, int order) {
        if (!zone.watermarkOk(0, zone.minWmarkUnboosted() + (1L << order), 0)) {
            return false;
        }
        pages.isolateFreeBlock(pfn);
        vmstat.add(VmItem.COMPACT_ISOLATED, 1 << order);
        cc.freepages[order].addLast(pfn);
        cc.nrFreepages += 1L << order;
        return true;
    }

    /**
     * fast_isolate_freepages(): the free lists below the order asked for, searched from the order of
     * the last success down (round robin), each from its tail for at most a few entries (half of
     * freelist_scan_limit(), 256 when the scan starts), for a free block in the top quarter of the scan
     * space (else the highest in its top half); one such block is taken. The list is turned so the next
     * search goes on where this one stopped. A search that finds none moves the free scanner, at the
     * scan's start, to the highest pageblock with a free page it saw, or for a direct compaction to the
     * middle of the scan space.
     */
    private void fastIsolateFreepages(long need) {
        int z = cc.zone;
        int order = cc.order;
        int limit = Math.max(1, freelistScanLimit() >> 1);
        boolean scanStart = false;
        if (cc.free >= initFree[z]) {
            limit = PAGEBLOCK >> 1;
            scanStart = true;
        }
        int distance = cc.free - cc.migrate;
        int lowPfn = blockStart(z, cc.free - (distance >> 2));
        int minPfn = blockStart(z, cc.free - (distance >> 1));
        int highest = 0;
        int page = Pages.NIL;
        cc.searchOrder = Math.min(order - 1, cc.searchOrder);
        for (int o = cc.searchOrder; page == Pages.NIL && o >= 0; o = nextSearchOrder(o)) {
            if (pages.freeListLast(z, o) == Pages.NIL) {
                continue;
            }
            int orderScanned = 0;
            int highPfn = 0;
            int stopped = Pages.NIL;
            for (int id = pages.freeListLast(z, o); id != Pages.NIL; id = pages.lruPrev(id)) {
                orderScanned++;
                vmstat.inc(VmItem.COMPACT_FREE_SCANNED);
                stopped = id;
                if (id >= highest) {
                    highest = Math.max(blockStart(z, id), pages.zoneStart(z));
                }
                if (id >= lowPfn) {
                    cc.fastSearchFail = 0;
                    cc.searchOrder = o;
                    page = id;
                    break;
                }
                if (id >= minPfn && id > highPfn) {
                    highPfn = id;
                    limit >>= 1; // "Shorten the scan if a candidate is found"
                }
                if (orderScanned >= limit) {
                    break;
                }
            }
            if (page == Pages.NIL && highPfn != 0) {
                page = highPfn;
                stopped = highPfn;
            }
            if (stopped != Pages.NIL && (page != Pages.NIL || orderScanned >= limit)) {
                pages.rotateFreeList(z, o, stopped, false); // move_freelist_head()
            }
            if (page != Pages.NIL && !takeFreeBlock(zones[z], page, o)) {
                o = cc.searchOrder + 1; // isolation failed: next_search_order() ends the search
                page = Pages.NIL;
            }
            if (cc.nrFreepages >= need) {
                break;
            }
            if (orderScanned >= limit) {
                limit = Math.max(1, limit >> 1);
            }
        }
        if (page == Pages.NIL) {
            cc.fastSearchFail++;
            if (scanStart) {
                if (highest >= minPfn) {
                    page = highest;
                    cc.free = highest;
                } else if (cc.direct) {
                    page = minPfn;
                    cc.free = minPfn;
                }
            }
        }
        if (highest != 0 && highest >= cachedFree[z]) {
            cachedFree[z] = highest - PAGEBLOCK;
        }
        if (page != Pages.NIL && cc.nrFreepages < need && !(cc.direct && cc.async)) {
            // fast_isolate_around(): kcompactd takes the rest of that pageblock too
            int blockEnd = blockEnd(z, page);
            if (isolateFreepagesBlock(z, blockStart(z, page), blockEnd, 1, need) == blockEnd) {
                skip.set(skipBit(z, page)); // "full or nearly full"
            }
        }
    }

    /** next_search_order(): the orders below the one asked for in turn; -1 once round to where it began. */
    private int nextSearchOrder(int o) {
        o--;
        if (o < 0) {
            o = cc.order - 1;
        }
        if (o == cc.searchOrder) {
            cc.searchOrder--;
            if (cc.searchOrder < 0) {
                cc.searchOrder = cc.order - 1;
            }
            return -1;
        }
        return o;
    }

    /**
     * The CPU time compaction takes, measured on the 6.18 guest the recordings ran on
     * (/proc/sys/vm/compact_memory over 1 M interleaved page-cache and anonymous pages, its 1,791 rounds
     * of isolation and migration traced; least squares, R^2 0.76): picoseconds a page the migrate scanner
     * looks at, a page the free scanner looks at, and a page moved. docs/kernel-eras.md, "kcompactd's time".
     */
    private static final long MIGRATE_SCAN_PS = 3_670;
    private static final long FREE_SCAN_PS = 38_190;
    private static final long MIGRATE_PS = 1_609_720;

    /** Pages moved so far. */
    private long migratedPages;

    /** The CPU time, in picoseconds, of the compaction work done so far (scanned and moved pages, measured costs). */
    public long workPs() {
        return vmstat.get(VmItem.COMPACT_MIGRATE_SCANNED) * MIGRATE_SCAN_PS
                + vmstat.get(VmItem.COMPACT_FREE_SCANNED) * FREE_SCAN_PS + migratedPages * MIGRATE_PS;
    }

    /** migrate_pages() of one page to a free frame: a page-cache page with its mapping and LRU place, or an anonymous one. */
    private void migrate(int z, int from, int to) {
        migratedPages++;
        if (pages.test(from, Pages.PG_anon)) {
            pages.copyState(from, to);
            pages.clear(from, Pages.PG_anon); // migrate_folio_done() -> folio_put(): to the per-CPU list, like any order-0 page
            pages.free(from);
            zones[z].movedPinned(to);
        } else {
            cache.migratePage(from, to);
        }
    }
}
