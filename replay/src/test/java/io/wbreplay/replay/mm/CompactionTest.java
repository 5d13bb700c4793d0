package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * compact_zone() and fragmentation_index() worked by hand from mm/compaction.c.
 *
 * <p>A zone of 2,048 frames is filled with page-cache pages (a fresh buddy allocator hands them out in
 * ascending order), then every odd frame is freed: 1,024 free pages, none with a free buddy, so no free
 * block of order 1. A direct MIGRATE_ASYNC compaction for order 1 starts its migrate scanner at frame 0
 * (isolated; frame 1 is free), stops at the chunk boundary (frame 2) to migrate, and takes targets from
 * the top pageblock (frames 1536-2047: its free frames are the odd ones, the last isolated is used
 * first, 2047). Frame 0's page moves there and frame 0 merges with frame 1: an order-1 block, captured.
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

    @Test
    void directAsyncCompactionMovesOnePageAndCapturesTheBlock() {
        Inode f = cache.inodes.create(null, cache.nodes);
        for (long i = 0; i < 2048; i++) {
            int page = pages.alloc(0);
            assertThat(page).isEqualTo((int) i);
            cache.addToPageCacheLru(page, f, i);
            pages.set(page, Pages.PG_uptodate);
            cache.unlockPage(page);
        }
        for (int id = 1; id < 2048; id += 2) {
            cache.deleteFromPageCache(id);
        }
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
        assertThat(pages.freeBlocks(0, 0)).isEqualTo(1022); // 1 and 2047 left order 0; the unused targets came back
        assertThat(vmstat.get(VmItem.COMPACT_ISOLATED)).isEqualTo(1);
    }

    @Test
    void aChunkWithAPageThatCannotMoveIsSkippedWhole() {
        Inode f = evenFramesCached(pages, cache);
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
        for (int id = 1; id < 2048; id += 2) {
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
     * The same zone with its min watermark at 1,023 pages (vm.min_free_kbytes 4,092): the free scanner
     * may take a free page only while 1,024 free pages stay above min + 1 (__isolate_free_page()), and
     * they do not, so compaction_alloc() has no target for frame 0's page, migrate_pages() returns -ENOMEM
     * before the scanners met and compact_zone() ends COMPACT_CONTENDED: the page is put back where it
     * was and no order-1 block forms. At 1,022 pages (1,024 > 1,023) the free scanner takes 1537, the
     * first free page of the top pageblock, and stops at 1539 (1,023 free, not above 1,023): frame 0's
     * page moves to 1537 and frame 0 merges with frame 1.
     */
    @Test
    void theFreeScannerAtTheMinWatermarkEndsCompactionContended() {
        for (long minKbytes : new long[] {4092, 4088}) {
            Pages p = new Pages(new int[] {2048});
            VmStat v = new VmStat();
            PageCache c = new PageCache(p, v, false);
            Compaction compact = new Compaction(p, c, v, Zone.nodeZones(p, new Zone(p, true, minKbytes)));
            Inode f = evenFramesCached(p, c);
            boolean atMin = minKbytes == 4092;
            assertThat(compact.compactZone(0, 1, true, true))
                    .isEqualTo(atMin ? Compaction.COMPACT_CONTENDED : Compaction.COMPACT_SUCCESS);
            assertThat(f.mapping.find(0)).isEqualTo(atMin ? 0 : 1537);
            assertThat(p.freeBlocks(0, 1)).isEqualTo(atMin ? 0 : 1);
            assertThat(p.freeBlocks(0, 0)).isEqualTo(atMin ? 1024 : 1022);
        }
    }
    /** The zone's 2,048 frames filled with a file's pages in ascending order, then every odd one freed. */
    private static Inode evenFramesCached(Pages p, PageCache c) {
        Inode f = c.inodes.create(null, c.nodes);
        for (long i = 0; i < 2048; i++) {
            int page = p.alloc(0);
            c.addToPageCacheLru(page, f, i);
            c.unlockPage(page);
        }
        for (int id = 1; id < 2048; id += 2) {
            c.deleteFromPageCache(id);
        }
        return f;
    }
}
