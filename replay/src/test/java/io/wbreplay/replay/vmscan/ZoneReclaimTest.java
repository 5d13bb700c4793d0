package io.wbreplay.replay.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * Zones before 4.8, worked by hand for a 512 MiB machine (131072 frames, ZONE_DMA the first 4096):
 * min_free_kbytes = int_sqrt(524288 x 16) = 2896, 724 pages; __setup_per_zone_wmarks() gives each
 * zone its share, min = 724 x frames / 131072, low = min + min/4, high = min + min/2: ZONE_DMA
 * 22 / 27 / 33, the zone above 701 / 876 / 1051; setup_per_zone_lowmem_reserve() keeps 126976 / 256
 * = 496 DMA pages from allocations that may use the zone above.
 */
class ZoneReclaimTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private Machine m;
    private Kernel k = kernel(KernelEra.V2_6_35);

    private Kernel kernel(KernelEra era) {
        m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 10 * MS, 1024), 512L << 20, c -> {
            c.kernel = era;
            c.strategy = "writepage"; // write from kswapd in either era, to see what it meets
        });
        return m.kernel;
    }

    @Test
    void watermarksAndReserveAreTheKernelsShares() {
        Zone dma = k.zones[Pages.ZONE_DMA];
        Zone normal = k.zones[Pages.ZONE_NORMAL];
        assertThat(new long[] {dma.minWmark(), dma.lowWmark(), dma.highWmark()}).containsExactly(22, 27, 33);
        assertThat(new long[] {normal.minWmark(), normal.lowWmark(), normal.highWmark()}).containsExactly(701, 876, 1051);
        assertThat(dma.watermarkOk(27, Pages.ZONE_NORMAL)).isTrue(); // 4096 free > 27 + 496
        drain(Pages.ZONE_DMA, 4096 - 523);
        assertThat(dma.watermarkOk(27, Pages.ZONE_NORMAL)).isFalse(); // 523 is not above 523
        assertThat(dma.watermarkOk(27, Pages.ZONE_DMA)).isTrue(); // a DMA allocation needs no reserve
    }

    /**
     * get_page_from_freelist() takes from the zone above while it is over its low watermark, then from
     * ZONE_DMA down to low + reserve, without waking kswapd (the fast path does not); only when both
     * fail does __alloc_pages_slowpath() wake kswapd and take a page at the min watermark.
     */
    @Test
    void pageCacheFallsBackToDmaBeforeKswapdIsWoken() {
        m.pgdat.kswapd.start();
        loop.runUntil(MS); // kswapd asleep
        drain(Pages.ZONE_NORMAL, 126976 - 877);
        PageAllocator a = m.pageAllocator(new StepTask(loop, "writer", 7));
        assertThat(a.alloc()).isGreaterThanOrEqualTo(4096); // 877 > 876: the zone above
        int fromDma = a.alloc();
        assertThat(fromDma).isLessThan(4096); // 876 is not above 876: ZONE_DMA
        drain(Pages.ZONE_DMA, 4096 - 1 - 524);
        assertThat(a.alloc()).isLessThan(4096); // DMA 524 > 523: still DMA
        assertThat(k.vmstat.get(VmItem.KSWAPD_WAKEUP)).isZero();
        int slow = a.alloc(); // both at low (+ reserve): slow path
        assertThat(slow).isGreaterThanOrEqualTo(4096); // 876 > min 701
        assertThat(k.vmstat.get(VmItem.KSWAPD_WAKEUP)).isEqualTo(1);
    }

    /**
     * balance_pgdat(): with the zone above under its high watermark it is end_zone, and ZONE_DMA is
     * shrunk while it has fewer than 8 x 33 + 496 = 760 free pages: kswapd meets the dirty pages the
     * writer's fallback put there, and in 2.6.35 writes them (->writepage from kswapd).
     */
    @Test
    void kswapdBalancingDmaWritesTheDirtyPagesOnItsLru() {
        dirtyDmaWith600FreeAndKswapdRun();
        // every page kswapd scanned and wrote was one of ZONE_DMA's dirty pages: the zone above has none
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isPositive().isLessThanOrEqualTo(4096 - 600);
        assertThat(k.vmstat.get(VmItem.VMSCAN_WRITE_KSWAPD)).isPositive();
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_WRITE)).isEqualTo(k.vmstat.get(VmItem.VMSCAN_WRITE_KSWAPD));
    }

    /**
     * Since 2.6.38 a zone is left alone once above high + balance_gap, min(low, 1 % of the zone):
     * ZONE_DMA's mark is 33 + min(27, 41) + 496 = 556, so with 600 free kswapd does not touch it.
     */
    @Test
    void fromTheBalanceGapOnKswapdLeavesADmaZoneAboveHighPlusGapAlone() {
        k = kernel(KernelEra.V3_2);
        dirtyDmaWith600FreeAndKswapdRun();
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isZero();
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_WRITE)).isZero();
    }

    private void dirtyDmaWith600FreeAndKswapdRun() {
        Inode inode = k.newFileInode();
        for (long i = 0; i < 4096 - 600; i++) { // DMA left with 600 free: below 2.6.35's 8 x 33 + 496 = 760
            int p = k.pages.alloc(Pages.ZONE_DMA);
            k.cache.addToPageCacheLru(p, inode, i);
            k.pages.set(p, Pages.PG_uptodate);
            k.cache.setPageDirty(p, 0);
            k.cache.unlockPage(p);
        }
        drain(Pages.ZONE_NORMAL, 126976 - 1000); // the zone above under its high watermark (1051)
        m.pgdat.kswapd.start();
        loop.runUntil(5 * MS);
    }

    /** Takes {@code n} free frames of {@code zone} out of use, as other allocations would. */
    private void drain(int zone, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(k.pages.alloc(zone)).isNotEqualTo(Pages.NIL);
        }
    }
}
