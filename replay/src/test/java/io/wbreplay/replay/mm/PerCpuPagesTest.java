package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The per-CPU page lists worked by hand from mm/page_alloc.c (6.7+): zone_batchsize(), zone_highsize(),
 * nr_pcp_alloc(), nr_pcp_high() and nr_pcp_free().
 *
 * <p>The zone: 1,048,576 frames (4 GiB) with min_free_kbytes 65,536: min 16,384 pages, the gap
 * max(min / 4, 0.1 % of the zone) = 4,096, so low 20,480 and high 24,576 (__setup_per_zone_wmarks()).
 * On 2 CPUs: batch min(1,048,576 >> 10, 256) / 4 = 64, clamped to 2^n - 1 = 63; high_min low / 2 = 10,240;
 * high_max (frames / 8) / 2 = 65,536.
 */
class PerCpuPagesTest {
    private static final int FRAMES = 1 << 20;
    private final Pages pages = new Pages(new int[] {FRAMES});
    private final Zone[] zones = Zone.nodeZones(pages, new Zone(pages, true, 65_536));
    private int cpu;
    private long now;
    private final PerCpuPages pcp = new PerCpuPages(pages, zones, 2, () -> cpu, () -> now);

    @Test
    void batchAndHighFollowTheZone() {
        assertThat(zones[0].lowWmark()).isEqualTo(20_480);
        assertThat(zones[0].highWmark()).isEqualTo(24_576);
        assertThat(pcp.batch(0)).isEqualTo(63);
        assertThat(pcp.highMin(0)).isEqualTo(10_240);
        // the recordings' machine: ZONE_DMA of 3,840 pages (low 13), DMA32 of 772,848, Normal of 5,394,249 (low 20,163)
        assertThat(PerCpuPages.zoneBatchsize(3_840)).isZero(); // 3 / 4 = 0 -> 1 -> 2^1 - 1; the pageset makes it 1
        assertThat(PerCpuPages.zoneBatchsize(772_848)).isEqualTo(63);
        assertThat(PerCpuPages.zoneHighsize(13, 1, 2)).isEqualTo(6);
        assertThat(PerCpuPages.zoneHighsize(20_163, 63, 2)).isEqualTo(10_081);
        assertThat(PerCpuPages.zoneHighsize(5_394_249 / 8, 63, 2)).isEqualTo(337_140);
        assertThat(PerCpuPages.zoneHighsize(10, 63, 2)).isEqualTo(252); // at least 4 x batch
    }

    /**
     * A CPU that only allocates refills its list with batch << alloc_factor frames, the factor growing by
     * one a refill up to CONFIG_PCP_BATCH_SCALE_MAX (5): 63, 126, 252, 504, 1,008, 2,016, 2,016, ... taken
     * from the buddy allocator at once (pcp->high, 10,240 and growing by each batch, never limits them
     * here). The frames come out in the order the buddy hands them out: ascending.
     */
    @Test
    void refillsDoubleWhileTheCpuOnlyAllocates() {
        pages.setPcp(pcp);
        int[] refills = {63, 126, 252, 504, 1_008, 2_016, 2_016};
        int taken = 0;
        int handedOut = 0;
        for (int refill : refills) {
            taken += refill;
            for (int k = 0; k < refill; k++) {
                assertThat(pages.allocPcp(0)).isEqualTo(handedOut++);
                assertThat(pages.nrFree(0)).isEqualTo(FRAMES - taken);
            }
        }
        assertThat(pcp.count(0)).isZero();
    }

    /**
     * While kswapd reclaims the zone, a list is given back at min(4 x batch, high) = 252 frames: the 252nd
     * free returns nr_pcp_free() = clamp(free_count 252, batch 63, 252 - 63) = 189 of them, the coldest
     * (the first freed), to the buddy; 48 more frees stay on the list (111).
     */
    @Test
    void reclaimKeepsTheListsShort() {
        for (int k = 0; k < 300; k++) {
            pages.alloc(0, 0);
        }
        pages.setPcp(pcp);
        pcp.setReclaimActive(0, true);
        cpu = 1;
        for (int id = 0; id < 251; id++) {
            pages.free(id);
        }
        assertThat(pages.nrFree(0)).isEqualTo(FRAMES - 300);
        pages.free(251);
        assertThat(pages.nrFree(0)).isEqualTo(FRAMES - 300 + 189);
        for (int id = 252; id < 300; id++) {
            pages.free(id);
        }
        assertThat(pcp.count(0)).isEqualTo(111);
        assertThat(pages.freeBlockOrder(0)).isPositive(); // frames 0-188 are back and merged
        assertThat(pages.freeBlockOrder(189)).isEqualTo(-1); // still on CPU 1's list
    }

    /**
     * A zone below its high watermark, not being reclaimed, keeps frees on the lists until one holds
     * high_min (10,240): 1,000 frees leave NR_FREE_PAGES where it was; drain_all_pages() gives them back.
     */
    @Test
    void belowTheHighWatermarkFreesStayOnTheListUntilHighMin() {
        int used = FRAMES - 20_000; // 20,000 free: under high (24,576)
        for (int k = 0; k < used; k++) {
            pages.alloc(0, 0);
        }
        pages.setPcp(pcp);
        pcp.checkBelowHigh(0);
        for (int id = 0; id < 1_000; id++) {
            pages.free(id);
        }
        assertThat(pages.nrFree(0)).isEqualTo(20_000);
        assertThat(pcp.count(0)).isEqualTo(1_000);
        pcp.drainAllPages();
        assertThat(pages.nrFree(0)).isEqualTo(21_000);
        assertThat(pcp.count(0)).isZero();
    }

    /**
     * drain_local_pages(zone), what compaction's check_drain calls: only the running CPU's list goes back.
     * 1,000 frees on CPU 0 and 500 on CPU 1, all held (the zone under its high watermark, as above); CPU 1
     * drains its list: 20,500 free, CPU 0 still holds its 1,000.
     */
    @Test
    void aLocalDrainEmptiesOnlyTheRunningCpusList() {
        int used = FRAMES - 20_000;
        for (int k = 0; k < used; k++) {
            pages.alloc(0, 0);
        }
        pages.setPcp(pcp);
        pcp.checkBelowHigh(0);
        for (int id = 0; id < 1_500; id++) {
            cpu = id < 1_000 ? 0 : 1;
            pages.free(id);
        }
        pcp.drainLocalPages(0);
        assertThat(pages.nrFree(0)).isEqualTo(20_500);
        assertThat(pcp.count(0)).isEqualTo(1_000);
    }

    /**
     * decay_pcp_high() each second. The refills of {@link #refillsDoubleWhileTheCpuOnlyAllocates()} raise
     * CPU 0's high by each batch, 10,240 + 5,985 = 16,225; 15,000 frees then stay on the list (under that
     * high, the zone above its high watermark). At 1 s: high = max(15,000 - 63 << 5, 16,225 - 16,225 / 8,
     * 10,240) = max(12,984, 14,197, 10,240) = 14,197, and the 803 frames above it go back; at 2 s: max(12,181,
     * 14,197 - 1,774, 10,240) = 12,423, 1,774 more.
     */
    @Test
    void aRaisedHighDecaysEachSecond() {
        pages.setPcp(pcp);
        for (int k = 0; k < 5_985; k++) {
            pages.allocPcp(0);
        }
        for (int k = 0; k < 9_017; k++) {
            pages.alloc(0, 0);
        }
        for (int id = 0; id < 15_000; id++) {
            pages.free(id);
        }
        long free = pages.nrFree(0);
        now = 1_000_000_000L;
        cpu = 1;
        pages.free(15_000); // the first list operation of the second
        assertThat(pages.nrFree(0)).isEqualTo(free + 803);
        assertThat(pcp.count(0)).isEqualTo(15_000 - 803 + 1);
        now = 2_000_000_000L;
        pages.free(15_001);
        assertThat(pages.nrFree(0)).isEqualTo(free + 803 + 1_774);
    }

    /** A large folio's frames and the memory others pin go back to the buddy allocator, not to a list. */
    @Test
    void largeFoliosAndPinnedMemoryBypassTheLists() {
        int folio = pages.alloc(0, 2);
        int pinned = pages.alloc(0, 0);
        pages.set(pinned, Pages.PG_anon);
        pages.setPcp(pcp);
        for (int k = 0; k < 4; k++) {
            pages.free(folio + k);
        }
        pages.free(pinned);
        assertThat(pages.nrFree(0)).isEqualTo(FRAMES);
        assertThat(pcp.count(0)).isZero();
    }
}
