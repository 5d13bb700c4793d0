package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * compact_zone() and fragmentation_index() worked by hand from mm/compaction.c.
 *
 * <p>A zone of 2,048 frames (four pageblocks) is filled with page-cache pages (a fresh buddy allocator
 * hands them out in ascending order), then every odd frame is freed: 1,024 free pages, none with a free
 * buddy, so no free block of order 1. Each freed frame goes to the head of the order-0 free list. A
 * direct MIGRATE_ASYNC compaction for order 1 starts its migrate scanner at frame 0 (isolated; frame 1 is
 * free), marks pageblock 0 (PB_migrate_skip), stops at the chunk boundary (frame 2) to migrate, and
 * asks for a target: fast_isolate_freepages() reads the order-0 list from its tail for a free page in
 * the top quarter of the scan space (frames 1024 and up; the free scanner starts at 1536, the migrate
 * scanner is at 2). Freed from the top down, the tail is 2047: taken at once; frame 0's page moves there
 * and frame 0 merges with frame 1, an order-1 block, captured.
 */
class CompactionTest {
    private final Pages pages = new Pages(new int[] {2048});
    private final VmStat vmstat = new VmStat();
    private final PageCache cache = new PageCache(pages, vmstat, false);
    private final Zone[] zones = Zone.nodeZones(pages, new Zone(pages, true, 128));
    private final Compaction compaction = new Compaction(pages, cache, vmstat, zones);

    @Test
    void fragmentationIndexSaysWantOfMemoryOrFragmentation() {
        Pages p = new Pages(new int[] {16});
        Compaction c = new Compaction(p, new PageCache(p, new VmStat(), false), new VmStat(), Zone.nodeZones(p, new Zone(p, true, 128)));
        assertThat(c.fragmentationIndex(0, 4)).isEqualTo(-1000); // the order-4 block is free
        for (int i = 0; i < 16; i++) {
            p.alloc(0);
        }
        assertThat(c.fragmentationIndex(0, 2)).isZero(); // nothing free
        for (int i = 0; i < 16; i += 2) {
            p.free(i); // eight order-0 blocks, 8 pages: 1000 - (1000 + 8 * 1000 / 4) / 8 = 625
        }
        assertThat(c.fragmentationIndex(0, 2)).isEqualTo(625);
        p.free(1);
        p.free(5); // now 0-1 and 4-5 are order-1 blocks, six order-0 ones remain: 10 pages in 8 blocks
        assertThat(c.fragmentationIndex(0, 4)).isEqualTo(1000 - (1000 + 10 * 1000 / 16) / 8); // 870
    }

    /**
     * try_to_compact_pages() traces mm_compaction_try_to_compact_pages before it looks at a zone, so a
     * try that compaction_suitable() skips (no free page at all: below the watermark plus compact_gap())
     * counts as a try but not as a stall.
     */
    @Test
    void everyTryIsCountedEvenWhenSkipped() {
        for (int i = 0; i < 2048; i++) {
            pages.alloc(0);
        }
        assertThat(compaction.tryToCompactPages(4, 0, true)).isEqualTo(Compaction.COMPACT_SKIPPED);
        assertThat(compaction.tryToCompactPages(4, 0, true)).isEqualTo(Compaction.COMPACT_SKIPPED);
        assertThat(vmstat.get(VmItem.TRY_TO_COMPACT_PAGES)).isEqualTo(2);
        assertThat(vmstat.get(VmItem.COMPACT_STALL)).isZero();
    }

    @Test
    void directAsyncCompactionMovesOnePageAndCapturesTheBlock() {
        Inode f = evenFramesCached(pages, cache, true);
        assertThat(pages.freeBlocks(0, 0)).isEqualTo(1024);
        assertThat(pages.freeAtOrAbove(0, 1)).isZero();

        int result = compaction.compactZone(0, 1, true, true);

        assertThat(result).isEqualTo(Compaction.COMPACT_SUCCESS);
        assertThat(f.mapping.find(0)).isEqualTo(2047);
        assertThat(pages.index(2047)).isZero();
        assertThat(pages.flags(2047) & (Pages.PG_lru | Pages.PG_uptodate)).isEqualTo(Pages.PG_lru | Pages.PG_uptodate);
        assertThat(cache.lru.tail(Lru.INACTIVE)).isEqualTo(2047); // the first page added, where it was
        assertThat(pages.freeBlockOrder(0)).isEqualTo(1);
        assertThat(pages.freeBlocks(0, 1)).isEqualTo(1);
        assertThat(pages.freeBlocks(0, 0)).isEqualTo(1022); // 1 and 2047 left order 0
        assertThat(vmstat.get(VmItem.COMPACT_ISOLATED)).isEqualTo(2); // frame 0's page, and the free frame 2047
        assertThat(vmstat.get(VmItem.COMPACT_FREE_SCANNED)).isEqualTo(1); // one list entry
        assertThat(vmstat.get(VmItem.COMPACT_MIGRATE_SCANNED)).isEqualTo(2); // frames 0 and 1 (free); 2 ends the chunk
        // its CPU time at the measured costs: 2 x 3.67 ns + 1 x 38.19 ns + one page moved, 1,609.72 ns
        assertThat(compaction.workPs()).isEqualTo(2 * 3_670 + 38_190 + 1_609_720);
        assertThat(compaction.skipped(0, 0)).isTrue(); // the migrate scanner went through pageblock 0
        assertThat(compaction.skipped(0, 2047)).isFalse(); // the fast search marks nothing
    }

    /**
     * The same zone with its odd frames freed from the bottom up, so the order-0 list's tail holds the
     * lowest frames. The fast search reads 256 entries from the tail when a scan starts (1, 3, ..., 511),
     * none in the top half of the scan space (512 and up): it fails, and for a direct compaction moves the
     * free scanner to the middle of the scan space, 512. There the linear scan of MIGRATE_ASYNC samples
     * every COMPACT_CLUSTER_MAX-th frame (512, 544, ..., 992), all even, all in use: nothing, so pageblock 1
     * is marked too and the scanner goes below the migrate scanner's pageblock: the scanners met, frame 0's
     * page stays, COMPACT_COMPLETE. A second compaction starts anew but passes the marked pageblocks 0 and
     * 1 and marks 2. kswapd's next sleep clears the marks (reset_isolation_suitable()): sampling every
     * eighth frame, pageblocks 0 and 1 show a page on the LRU; no pageblock shows a free block (the free
     * frames are odd), so the scanners are left crossed in the middle and the next compaction ends at once.
     */
    @Test
    void skipHintsEndASweepAndKswapdsSleepClearsThem() {
        Inode f = evenFramesCached(pages, cache, false);

        assertThat(compaction.compactZone(0, 1, true, true)).isEqualTo(Compaction.COMPACT_COMPLETE);
        assertThat(f.mapping.find(0)).isZero();
        assertThat(vmstat.get(VmItem.COMPACT_FREE_SCANNED)).isEqualTo(256 + 16);
        assertThat(new boolean[] {compaction.skipped(0, 0), compaction.skipped(0, 512), compaction.skipped(0, 1024),
            compaction.skipped(0, 1536)}).containsExactly(true, true, false, false);

        assertThat(compaction.compactZone(0, 1, true, true)).isEqualTo(Compaction.COMPACT_COMPLETE);
        assertThat(compaction.skipped(0, 1024)).isTrue();
        assertThat(f.mapping.find(1024)).isEqualTo(1024);

        compaction.resetIsolationSuitable();
        assertThat(new boolean[] {compaction.skipped(0, 0), compaction.skipped(0, 512), compaction.skipped(0, 1024),
            compaction.skipped(0, 1536)}).containsExactly(false, false, true, false);
        long scanned = vmstat.get(VmItem.COMPACT_FREE_SCANNED);
        assertThat(compaction.compactZone(0, 1, true, true)).isEqualTo(Compaction.COMPACT_COMPLETE);
        assertThat(vmstat.get(VmItem.COMPACT_FREE_SCANNED)).isEqualTo(scanned);
    }

    @Test
    void aChunkWithAPageThatCannotMoveIsSkippedWhole() {
        Inode f = evenFramesCached(pages, cache, true);
        pages.set(0, Pages.PG_writeback); // chunk 0-1 cannot become free: the scanner goes on to frame 2
        compaction.compactZone(0, 1, true, true);
        assertThat(f.mapping.find(0)).isZero();
        assertThat(f.mapping.find(2)).isEqualTo(2047);
        assertThat(pages.freeBlockOrder(2)).isEqualTo(1);
    }

    /**
     * The memory others pin is anonymous, so movable: the same odd/even zone with the hog's pages in
     * place of the page cache's (the odd ones taken from it and freed, as reclaiming the cache that sat
     * among them frees theirs), compacted the same way: frame 0's anonymous page goes to 2047, frame 0
     * merges with frame 1; the hog still pins 1,024 pages, and gives back the highest first (2047).
     */
    @Test
    void thePinnedMemorysAnonymousPagesMoveToo() {
        Zone zone = zones[0];
        zone.setPinned(2048);
        for (int id = 2047; id > 0; id -= 2) { // from the top: 2047 ends at the free list's tail
            assertThat(zone.takePinned(0, id / 2048.0)).isEqualTo(id);
            pages.free(id);
        }
        zone.setPinned(1024); // what is left pinned
        assertThat(pages.freeAtOrAbove(0, 1)).isZero();

        assertThat(compaction.compactZone(0, 1, true, true)).isEqualTo(Compaction.COMPACT_SUCCESS);

        assertThat(pages.test(2047, Pages.PG_anon)).isTrue();
        assertThat(pages.freeBlockOrder(0)).isEqualTo(1);
        assertThat(zone.freePages()).isEqualTo(1024);
        zone.setPinned(1023);
        assertThat(pages.test(2047, Pages.PG_anon)).isFalse();
        assertThat(pages.freeBlockOrder(2046)).isEqualTo(-1); // 2046 is still pinned: 2047 stays order 0
        assertThat(zone.freePages()).isEqualTo(1025);
    }
    /**
     * Folios move whole (6.9+). Frames 0-1 hold an order-1 page-cache folio, every other frame an order-0
     * page; frames 2-3 are freed (an order-1 block) and two frames at the top (after
     * {@link #freeLowOddFrames}). An order-2 direct async
     * compaction isolates the folio (order 1, below 2) as one unit of two pages, and compaction_alloc() needs
     * an order-1 block for it. The fast search reads the order-1 list first (search_order = order - 1),
     * from its tail. With 2046 and 2047 freed, the list holds 2 (freed first, the tail: below the scan
     * space's top half) and 2046 (in its top quarter): taken, the folio moves there whole, head and tail,
     * and frames 0-3 merge into the order-2 block. With 2045 and 2047 freed instead, the order-1 list holds
     * only 2 and the order-0 list's tail, 2045, is taken: no block fits the folio, isolate_freepages() has
     * run once, so compaction_alloc() fails, migrate_pages() gives -ENOMEM before the scanners met:
     * COMPACT_CONTENDED, the folio stays and 2045 goes back.
     */
    @Test
    void aFolioNeedsAFreeBlockOfItsOrder() {
        for (boolean buddies : new boolean[] {true, false}) {
            Pages p = new Pages(new int[] {2048});
            VmStat v = new VmStat();
            PageCache c = new PageCache(p, v, false);
            Compaction compact = new Compaction(p, c, v, Zone.nodeZones(p, new Zone(p, true, 128)));
            Inode f = c.inodes.create(null, c.nodes);
            int head = p.alloc(0, 1);
            assertThat(head).isZero();
            for (int id = 0; id < 2048; id++) {
                int page = id < 2 ? id : p.alloc(0);
                assertThat(page).isEqualTo(id);
                c.addToPageCacheLru(page, f, id);
                p.set(page, Pages.PG_uptodate);
                c.unlockPage(page);
            }
            freeLowOddFrames(c);
            for (int id : buddies ? new int[] {2, 3, 2046, 2047} : new int[] {2, 3, 2045, 2047}) {
                c.deleteFromPageCache(id);
            }
            int result = compact.compactZone(0, 2, true, true);
            if (buddies) {
                assertThat(result).isEqualTo(Compaction.COMPACT_SUCCESS);
                assertThat(new long[] {f.mapping.find(0), f.mapping.find(1)}).containsExactly(2046, 2047);
                assertThat(p.test(2046, Pages.PG_head) && p.test(2047, Pages.PG_tail)).isTrue();
                assertThat(p.freeBlockOrder(0)).isEqualTo(2);
            } else {
                assertThat(result).isEqualTo(Compaction.COMPACT_CONTENDED);
                assertThat(new long[] {f.mapping.find(0), f.mapping.find(1)}).containsExactly(0, 1);
                assertThat(p.freeBlockOrder(2045)).isZero();
                assertThat(p.freeBlockOrder(2)).isEqualTo(1);
            }
        }
    }

    /**
     * A folio as large as the block asked for is passed (skip_isolation_on_order(): moving it could not
     * make the block). Frames 0-3 hold an order-2 folio, 4 an order-0 page, 5 and 2047 are free (after
     * {@link #freeLowOddFrames}). An
     * order-1 direct async compaction passes the folio whole (its chunks cannot become free), isolates
     * frame 4 (5 is free: the chunk 4-5 is done), the fast search takes 2047 from the order-0 list, and
     * 4 merges with 5: the order-1 block, while the folio stays where it was.
     */
    @Test
    void aFolioAsLargeAsTheBlockIsNotMoved() {
        Pages p = new Pages(new int[] {2048});
        VmStat v = new VmStat();
        PageCache c = new PageCache(p, v, false);
        Compaction compact = new Compaction(p, c, v, Zone.nodeZones(p, new Zone(p, true, 128)));
        Inode f = c.inodes.create(null, c.nodes);
        assertThat(p.alloc(0, 2)).isZero();
        for (int id = 0; id < 2048; id++) {
            int page = id < 4 ? id : p.alloc(0);
            c.addToPageCacheLru(page, f, id);
            p.set(page, Pages.PG_uptodate);
            c.unlockPage(page);
        }
        freeLowOddFrames(c);
        c.deleteFromPageCache(5);
        c.deleteFromPageCache(2047);

        assertThat(compact.compactZone(0, 1, true, true)).isEqualTo(Compaction.COMPACT_SUCCESS);
        assertThat(new long[] {f.mapping.find(0), f.mapping.find(3), f.mapping.find(4)}).containsExactly(0, 3, 2047);
        assertThat(p.freeBlockOrder(4)).isEqualTo(1);
    }

    /**
     * compact_zone()'s finish_pageblock and check_drain: a round that starts in the pageblock the last one
     * isolated from (last_migrated_pfn) takes the rest of that block, not COMPACT_CLUSTER_MAX pages; but once
     * the migrate scanner has passed the order-aligned block it migrated from, the frames freed onto the
     * CPU's list are drained and last_migrated_pfn cleared. kcompactd (MIGRATE_SYNC_LIGHT) on the zone of
     * {@link #directAsyncCompactionMovesOnePageAndCapturesTheBlock}: for order 9 (a pageblock) the first
     * round moves frames 0-62 (32 pages), still inside the order-9 block, so the second moves frames 64-510
     * at once and the third finds the pageblock free: SUCCESS. For order 1 the first round ends past the
     * order-1 block at 0, so the second takes 32 pages again (frames 64-126) and frame 128's page stays.
     */
    @Test
    void theSecondRoundInAPageblockTakesTheRestOfItUnlessTheListsWereDrained() {
        Inode f = evenFramesCached(pages, cache, true);
        CompactControl cc = compaction.begin(0, 9, false, false);

        assertThat(compaction.round(cc)).isEqualTo(Compaction.COMPACT_CONTINUE);
        assertThat(f.mapping.find(62)).isNotEqualTo(62); // each page at the frame of its index until moved
        assertThat(new long[] {f.mapping.find(64), f.mapping.find(510)}).containsExactly(64, 510);
        assertThat(compaction.round(cc)).isEqualTo(Compaction.COMPACT_CONTINUE);
        assertThat(new long[] {f.mapping.find(64), f.mapping.find(510)}).doesNotContain(64, 510);
        assertThat(f.mapping.find(512)).isEqualTo(512);
        assertThat(compaction.round(cc)).isEqualTo(Compaction.COMPACT_SUCCESS);
        compaction.end(cc);
        assertThat(pages.freeBlockOrder(0)).isEqualTo(9);

        Pages p = new Pages(new int[] {2048});
        VmStat v = new VmStat();
        PageCache c = new PageCache(p, v, false);
        Compaction order1 = new Compaction(p, c, v, Zone.nodeZones(p, new Zone(p, true, 128)));
        Inode g = evenFramesCached(p, c, true);
        CompactControl one = order1.begin(0, 1, false, false);
        order1.round(one);
        order1.round(one);
        assertThat(g.mapping.find(126)).isNotEqualTo(126);
        assertThat(g.mapping.find(128)).isEqualTo(128);
    }

    /**
     * The min watermark stops the free scanner. All frames cached, then frame 1 and every 32nd frame from
     * 32 to 2016 freed (64 free pages, each at the list's head, so 1 is its tail). The fast search reads
     * from the tail: 1, 32, ..., 480 (16 entries, below the top half of the scan space, 512), then 512, 544,
     * 576, 608, each the best so far in the top half, each halving the limit of 256 until 16 < the 20
     * read: it stops and takes 608, the highest seen. With min at 63 pages (vm.min_free_kbytes 252)
     * __isolate_free_page() refuses: 64 free pages are not above min + 1. The search ends, the free scanner
     * moves to 512 (the highest pageblock it saw with a free page), whose first sample, 512, is refused
     * too: isolation failed early, no target, migrate_pages() -ENOMEM before the scanners met:
     * COMPACT_CONTENDED, frame 0's page stays. With min at 62 (248) frame 608 is taken: frame 0's page
     * moves there and frame 0 merges with 1.
     */
    @Test
    void theFreeScannerAtTheMinWatermarkEndsCompactionContended() {
        for (long minKbytes : new long[] {252, 248}) {
            Pages p = new Pages(new int[] {2048});
            VmStat v = new VmStat();
            PageCache c = new PageCache(p, v, false);
            Compaction compact = new Compaction(p, c, v, Zone.nodeZones(p, new Zone(p, true, minKbytes)));
            Inode f = cached(p, c);
            c.deleteFromPageCache(1);
            for (int id = 32; id < 2048; id += 32) {
                c.deleteFromPageCache(id);
            }
            boolean atMin = minKbytes == 252;
            assertThat(compact.compactZone(0, 1, true, true))
                    .isEqualTo(atMin ? Compaction.COMPACT_CONTENDED : Compaction.COMPACT_SUCCESS);
            assertThat(f.mapping.find(0)).isEqualTo(atMin ? 0 : 608);
            assertThat(p.freeBlocks(0, 1)).isEqualTo(atMin ? 0 : 1);
            assertThat(p.freeBlocks(0, 0)).isEqualTo(atMin ? 64 : 62);
        }
    }

    /**
     * Frames 101, 103, ..., 179 freed first: 40 order-0 blocks at the order-0 list's tail, below the scan
     * space's top half (the fast search reads them and passes them), so that the zone's free pages stay
     * above its min watermark (32 pages) plus the block the free scanner takes.
     */
    private static void freeLowOddFrames(PageCache c) {
        for (int id = 101; id < 180; id += 2) {
            c.deleteFromPageCache(id);
        }
    }

    /** The zone's 2,048 frames filled with a file's pages in ascending order. */
    private static Inode cached(Pages p, PageCache c) {
        Inode f = c.inodes.create(null, c.nodes);
        for (long i = 0; i < 2048; i++) {
            int page = p.alloc(0);
            assertThat(page).isEqualTo((int) i);
            c.addToPageCacheLru(page, f, i);
            p.set(page, Pages.PG_uptodate);
            c.unlockPage(page);
        }
        return f;
    }

    /** {@link #cached}, then every odd frame freed, from the top down ({@code fromTop}) or the bottom up. */
    static Inode evenFramesCached(Pages p, PageCache c, boolean fromTop) {
        Inode f = cached(p, c);
        for (int i = 0; i < 1024; i++) {
            c.deleteFromPageCache(fromTop ? 2047 - 2 * i : 1 + 2 * i);
        }
        return f;
    }
}
