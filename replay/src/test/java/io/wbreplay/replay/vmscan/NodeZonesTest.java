package io.wbreplay.replay.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.CalculateTotalreservePages;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.mm.ZoneSizesInit;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * The zones of an x86-64 node with one LRU (4.8+). The watermarks and reserves are checked against two
 * independent sources, the kernel's own output:
 * <ul>
 * <li>this project's machine, Linux 6.18.44, read live with {@code cat /proc/zoneinfo} on 2026-12-05
 * (vm.min_free_kbytes 67584, vm.watermark_scale_factor 10, vm.lowmem_reserve_ratio "256 256 32 0 0"):
 * DMA managed 3840, min/low/high 24/30/36, protection (0, 3018, 10442); DMA32 managed 772848,
 * 4877/6096/7315, protection (0, 0, 7424); Normal managed 1900544, 11994/14992/17990;</li>
 * <li>the same machine with 24 GiB onlined, as recorded in run A
 * (traces/samples/recorded/A-direct-thr-1.5G-dr40/summary.json zones_before): DMA 3840, 10/13/16;
 * DMA32 772818, 2115/2887/3659; Normal 5394258, 14769/20163/25557.</li>
 * </ul>
 * The allocator's and kswapd's rules are worked by hand for 512 MiB (131072 frames): ZONE_DMA the first
 * 4096, DMA32 126976; min_free_kbytes = int_sqrt(524288 x 16) = 2896, pages_min 724; DMA min 724 x
 * 4096 / 131072 = 22, gap max(22/4, 4096 x 10 / 10000) = 5, low 27, high 32; DMA32 min 701, gap
 * max(175, 126) = 175, low 876, high 1051; DMA's lowmem_reserve for DMA32 126976 / 256 = 496.
 */
class NodeZonesTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private Machine m;

    private Kernel kernel(String zones, long memoryBytes, long minFreeKbytes) {
        m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 10 * MS, 1024), memoryBytes, c -> {
            c.kernel = KernelEra.V6_X;
            c.zones = zones == null ? null : ZoneSizesInit.parse(zones);
            c.minFreeKbytes = minFreeKbytes;
            c.kswapdRunNs = 0L; // worked by hand without kswapd's time per run (KswapdPriorityTest has it)
        });
        m.kernel.pages.setPcp(null); // and with every frame in the buddy allocator (PerCpuPagesTest has the lists)
        return m.kernel;
    }

    private static long[] marks(Zone z) {
        return new long[] {z.minWmark(), z.lowWmark(), z.highWmark()};
    }

    @Test
    void watermarksAndProtectionAreThoseOfTheLiveZoneinfo() {
        Kernel k = kernel("3840:772848:1900544", 0, 67584);
        assertThat(marks(k.zones[0])).containsExactly(24, 30, 36);
        assertThat(marks(k.zones[1])).containsExactly(4877, 6096, 7315);
        assertThat(marks(k.zones[2])).containsExactly(11994, 14992, 17990);
        assertThat(new long[] {k.zones[0].lowmemReserve(0), k.zones[0].lowmemReserve(1), k.zones[0].lowmemReserve(2)})
                .containsExactly(0, 3018, 10442);
        assertThat(new long[] {k.zones[1].lowmemReserve(0), k.zones[1].lowmemReserve(1), k.zones[1].lowmemReserve(2)})
                .containsExactly(0, 0, 7424);
        assertThat(k.zones[2].lowmemReserve(2)).isZero();
    }

    /**
     * Run A's machine. Its reserves and totalreserve_pages by hand from setup_per_zone_lowmem_reserve()
     * and calculate_totalreserve_pages(): DMA (772818 + 5394258) / 256 = 24090, DMA32 5394258 / 256 =
     * 21071; totalreserve = min(24090 + 16, 3840) + 21071 + 3659 + 25557 = 54127 pages.
     */
    @Test
    void watermarksAreThoseOfTheRecordedMachine() {
        Kernel k = kernel("3840:772818:5394258", 0, 67584);
        assertThat(marks(k.zones[0])).containsExactly(10, 13, 16);
        assertThat(marks(k.zones[1])).containsExactly(2115, 2887, 3659);
        assertThat(marks(k.zones[2])).containsExactly(14769, 20163, 25557);
        assertThat(k.zones[0].lowmemReserve(2)).isEqualTo(24090);
        assertThat(k.zones[1].lowmemReserve(2)).isEqualTo(21071);
        assertThat(CalculateTotalreservePages.of(k.zones)).isEqualTo(54127);
        assertThat(k.totalreservePages).isEqualTo(54127);
    }

    @Test
    void memoryAloneGivesTheX8664Layout() {
        assertThat(ZoneSizesInit.x8664(16L << 20 >> 12).frames()).containsExactly(4096);
        assertThat(ZoneSizesInit.x8664(512L << 20 >> 12).frames()).containsExactly(4096, 126976);
        assertThat(ZoneSizesInit.x8664(24L << 30 >> 12).frames()).containsExactly(4096, 1044480, 5242880);
        Kernel k = kernel(null, 512L << 20, 0);
        assertThat(k.zones).hasSize(2);
        assertThat(k.perZoneLru).isFalse();
        assertThat(marks(k.zones[0])).containsExactly(22, 27, 32);
        assertThat(marks(k.zones[1])).containsExactly(701, 876, 1051);
        assertThat(k.zones[0].lowmemReserve(1)).isEqualTo(496);
    }

    /** A freed page goes back to the free list of the zone it came from. */
    @Test
    void aPageReturnsToItsZone() {
        Kernel k = kernel(null, 512L << 20, 0);
        int dma = k.pages.alloc(Pages.ZONE_DMA);
        int dma32 = k.pages.alloc(Pages.ZONE_DMA32);
        assertThat(k.pages.zoneOf(dma)).isZero();
        assertThat(k.pages.zoneOf(dma32)).isEqualTo(1);
        assertThat(k.pages.nrFree(0)).isEqualTo(4095);
        k.cache.putPage(dma);
        assertThat(k.pages.nrFree(0)).isEqualTo(4096);
        assertThat(k.pages.nrFree(1)).isEqualTo(126975);
    }

    /**
     * get_page_from_freelist(): DMA32 first while above low (876); then ZONE_DMA while above low +
     * reserve (27 + 496 = 523), without waking kswapd; once both fail, the slow path wakes kswapd and
     * takes a page at the min watermark (DMA32 876 > 701).
     */
    @Test
    void theFastPathFallsBackToDmaWithoutWakingKswapd() {
        Kernel k = kernel(null, 512L << 20, 0);
        m.pgdat.kswapd.start();
        loop.runUntil(MS);
        drain(k, 1, 126976 - 877);
        PageAllocator a = m.pageAllocator(new StepTask(loop, "writer", 7));
        assertThat(k.pages.zoneOf(a.alloc())).isEqualTo(1); // 877 > 876
        assertThat(k.pages.zoneOf(a.alloc())).isZero(); // DMA32 at low: DMA, 4096 > 523
        drain(k, 0, 4095 - 524);
        assertThat(k.pages.zoneOf(a.alloc())).isZero(); // 524 > 523
        assertThat(k.vmstat.get(VmItem.KSWAPD_WAKEUP)).isZero();
        assertThat(k.pages.zoneOf(a.alloc())).isEqualTo(1); // both fail low: min, DMA32 876 > 701
        assertThat(k.vmstat.get(VmItem.KSWAPD_WAKEUP)).isEqualTo(1);
    }

    /**
     * __alloc_pages_slowpath() with __GFP_NORETRY (readahead's pages): after the one direct reclaim the
     * allocation gives up ("Do not loop if specifically requested"), where an allocation without it goes
     * on while should_reclaim_retry() allows. By hand: DMA32 at its min watermark (701 free: free > 701
     * fails), DMA at min + reserve (22 + 496 = 518), nothing on the LRU to reclaim. Each
     * try_to_free_pages() that frees nothing counts two allocstalls on 6.11+: do_try_to_free_pages()
     * goes back to its retry label once for the full memcg walk. The __GFP_NORETRY allocation enters
     * direct reclaim once (allocstall 2) and returns NOPAGE; the plain allocation retries:
     * MAX_RECLAIM_RETRIES (16) reclaims without progress, then the 17th gives up to wait for memory (NIL:
     * the task sleeps), 2 + 17 x 2 = 36 allocstalls in all. One frame given back to DMA32 (702 > 701)
     * lets the next __GFP_NORETRY allocation take it from the slow path, no reclaim.
     */
    @Test
    void aNoRetryAllocationGivesUpAfterOneDirectReclaim() {
        Kernel k = kernel(null, 512L << 20, 0);
        int[] dma32 = drain(k, 1, 126976 - 701);
        drain(k, 0, 4096 - 518);
        PageAllocator a = m.pageAllocator(new StepTask(loop, "reader", 7));
        a.setNoRetry(true);
        assertThat(a.alloc()).isEqualTo(PageAllocator.NOPAGE);
        assertThat(k.vmstat.get(VmItem.ALLOCSTALL)).isEqualTo(2);
        a.setNoRetry(false);
        assertThat(a.alloc()).isEqualTo(Pages.NIL);
        assertThat(k.vmstat.get(VmItem.ALLOCSTALL)).isEqualTo(2 + 17 * 2);
        PageAllocator b = m.pageAllocator(new StepTask(loop, "reader", 8));
        b.setNoRetry(true);
        k.pages.free(dma32[0]);
        assertThat(b.alloc()).isEqualTo(dma32[0]);
        assertThat(k.vmstat.get(VmItem.ALLOCSTALL)).isEqualTo(36);
    }

    /**
     * node_dirty_ok() (mm/page-writeback.c) keeps a write's page (__GFP_WRITE) out of the fast path of a
     * node over its dirty limit, and the slow path wakes kswapd between the low and high watermarks. By
     * hand: DMA32 free 900 (low 876, high 1051), DMA 525 (low + reserve 523, high + reserve 528): the
     * fast path would take DMA32 and wake no one, and the node is not balanced. Dirtyable memory is the
     * 1,425 free pages less totalreserve_pages (1,579: none left) plus 100,000 file pages; at
     * dirty_ratio 20 the node's limit is 20,000 dirty + writeback pages. 19,999 + 1 is within it;
     * 20,000 + 1 is not: the write's page then comes from the slow path (DMA32 at min, 898 > 701) after
     * waking kswapd, while a read's page still takes the fast path.
     */
    @Test
    void aWritesPageOnANodeOverItsDirtyLimitWakesKswapdBelowHigh() {
        Kernel k = kernel(null, 512L << 20, 0);
        m.pgdat.kswapd.start();
        loop.runUntil(MS);
        drain(k, 1, 126976 - 900);
        drain(k, 0, 4096 - 525);
        k.vmstat.add(VmItem.NR_INACTIVE_FILE, 100_000);
        k.vmstat.add(VmItem.NR_WRITEBACK, 1);
        k.vmstat.add(VmItem.NR_DIRTY, 19_999);
        PageAllocator a = m.pageAllocator(new StepTask(loop, "writer", 7));
        a.setGfpWrite(true);
        assertThat(k.pages.zoneOf(a.alloc())).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.KSWAPD_WAKEUP)).isZero(); // within the limit: the fast path
        k.vmstat.add(VmItem.NR_DIRTY, 1);
        a.setGfpWrite(false);
        assertThat(k.pages.zoneOf(a.alloc())).isEqualTo(1); // a read: DMA32 899 > 876
        assertThat(k.vmstat.get(VmItem.KSWAPD_WAKEUP)).isZero();
        a.setGfpWrite(true);
        assertThat(k.pages.zoneOf(a.alloc())).isEqualTo(1); // over it: slow path, min
        assertThat(k.vmstat.get(VmItem.KSWAPD_WAKEUP)).isEqualTo(1);
    }

    /**
     * pgdat_balanced(): ANY zone above high + reserve balances the node; DMA with 529 free (> 32 + 496)
     * does, with 528 it does not, however far DMA32 is below its high watermark.
     */
    @Test
    void oneZoneAboveHighPlusReserveBalancesTheNode() {
        Kernel k = kernel(null, 512L << 20, 0);
        drain(k, 1, 126976 - 800);
        drain(k, 0, 4096 - 529);
        assertThat(PgdatBalanced.balanced(k.zones, 1)).isTrue();
        drain(k, 0, 1);
        assertThat(PgdatBalanced.balanced(k.zones, 1)).isFalse();
        assertThat(PgdatBalanced.balanced(k.zones, 0)).isTrue(); // a DMA allocation: no reserve, 528 > 32
        assertThat(PgdatBalanced.kswapdNrToReclaim(k.zones, 1)).isEqualTo(32 + 1051); // max(high, 32) each
    }

    /**
     * global_dirtyable_memory() leaves out totalreserve_pages (3.3+): min(496 + 32, 4096) + 1051 = 1579
     * of the 131072 free pages; 3.2 counted them all.
     */
    @Test
    void dirtyableMemoryLeavesOutTheReserves() {
        assertThat(kernel(null, 512L << 20, 0).dirtyableMemory()).isEqualTo(131072 - 1579);
        Kernel old = SmallKernel.build(loop, new FixedDelayQueue(loop, null, MS, 1024), 512L << 20, c -> c.kernel = KernelEra.V3_2);
        assertThat(old.dirtyableMemory()).isEqualTo(131072);
    }

    /**
     * kswapd_try_to_sleep() counts how each balance_pgdat() run ended, as /proc/vmstat does. By hand: the
     * fresh node is balanced, so kswapd naps (HZ/10) without a count. At 1 ms DMA32 is left 800 free
     * (high 1051) and DMA 528 (high 32 + reserve 496): a wakeup cuts the nap short
     * (kswapd_low_wmark_hit_quickly 1). With no page on the LRU every run frees nothing and counts a
     * kswapd_failure; after runs 1-15 the node is unbalanced and not yet hopeless, so kswapd goes on at
     * once (kswapd_high_wmark_hit_quickly 15); after run 16 it is hopeless (MAX_RECLAIM_RETRIES), naps,
     * and at the nap's end sleeps until woken, which counts no vmstat item but fires
     * mm_vmscan_kswapd_sleep once (the first nap, cut short, did not).
     */
    @Test
    void kswapdCountsHowItsRunsEnded() {
        Kernel k = kernel(null, 512L << 20, 0);
        m.pgdat.kswapd.start();
        loop.runUntil(MS);
        assertThat(k.vmstat.get(VmItem.KSWAPD_LOW_WMARK_HIT_QUICKLY) + k.vmstat.get(VmItem.KSWAPD_HIGH_WMARK_HIT_QUICKLY)).isZero();
        drain(k, 1, 126976 - 800);
        drain(k, 0, 4096 - 528);
        m.pgdat.kswapd.wakeAll(1, 0);
        loop.runUntil(300 * MS);
        assertThat(k.vmstat.get(VmItem.KSWAPD_LOW_WMARK_HIT_QUICKLY)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.KSWAPD_HIGH_WMARK_HIT_QUICKLY)).isEqualTo(15);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(16);
        assertThat(k.vmstat.get(VmItem.KSWAPD_SLEEP)).isEqualTo(1);
    }

    /**
     * balance_pgdat() sets sc.order before its first pgdat_balanced() test. A node balanced at order 0
     * but holding no free block of order 4 (DMA32's 2000 free pages are single frames between allocated
     * ones; DMA at 528, not above high 32 + reserve 496) is not balanced for an order-4 wakeup, so kswapd
     * reclaims. By hand: 8192 clean pages on the inactive list, in frames 4096-12287 (DMA32's first, taken
     * in ascending order), the tail first; kswapd_shrink_node()'s goal is 32 + 1051 = 1083, never met, so
     * the priority is raised after each pass: priority 12 scans and frees 8192 >> 12 = 2, 11: 8190 >> 11 =
     * 3, 10: 8187 >> 10 = 7, 9: 8180 >> 9 = 15. The first 16 freed frames (4096-4111) are then one order-4
     * block, so priority 8 begins on a balanced node: 27 pages in one run, fewer than compact_gap(4) = 32,
     * so the run ended at order 4 and the node counts no kswapd_failure.
     */
    @Test
    void kswapdWokenForAnOrderChecksTheNodeAtThatOrder() {
        Kernel k = kernel(null, 512L << 20, 0);
        Inode inode = k.newFileInode();
        for (int i = 0; i < 8192; i++) {
            assertThat(SmallKernel.page(k, inode, i, true, false)).isEqualTo(4096 + i);
        }
        drain(k, 0, 4096 - 528);
        int[] rest = drain(k, 1, 126976 - 8192);
        for (int i = 0; i < 2000; i++) {
            k.pages.free(rest[2 * i]); // frames 12288, 12290, ...: no two free side by side
        }
        assertThat(PgdatBalanced.balanced(k.zones, 1, 0)).isTrue();
        assertThat(PgdatBalanced.balanced(k.zones, 1, 4)).isFalse();
        m.pgdat.kswapd.start();
        loop.runUntil(MS);
        m.pgdat.kswapd.wakeAll(1, 4);
        loop.runUntil(300 * MS);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.KSWAPD_HIGH_ORDER_RUNS)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isEqualTo(27);
        assertThat(k.vmstat.get(VmItem.PGSTEAL_KSWAPD)).isEqualTo(27);
        assertThat(k.pages.freeBlocks(1, 4)).isEqualTo(1);
        assertThat(PgdatBalanced.balanced(k.zones, 1, 4)).isTrue();
    }

    /**
     * balance_pgdat() counts a kswapd_failure only after its priority loop ran out having freed nothing; a
     * run that finds the node balanced at a priority's start leaves by goto out, past the count. Twenty
     * times DMA32 falls to 800 free pages (high 1051), kswapd is woken, and before it runs 300 pages come
     * back: twenty runs, none of them a failure, so the node is not hopeless, and the next wakeup, with
     * nothing on the LRU to reclaim, gets the sixteen failing runs of {@link #kswapdCountsHowItsRunsEnded}.
     */
    @Test
    void aRunThatFindsTheNodeBalancedIsNoFailure() {
        Kernel k = kernel(null, 512L << 20, 0);
        m.pgdat.kswapd.start();
        loop.runUntil(MS);
        drain(k, 0, 4096 - 528);
        int[] held = drain(k, 1, 126976 - 800);
        for (int round = 0; round < 20; round++) {
            m.pgdat.kswapd.wakeAll(1, 0);
            for (int i = 0; i < 300; i++) {
                k.pages.free(held[i]);
            }
            loop.runUntil(loop.now() + 300 * MS);
            for (int i = 0; i < 300; i++) {
                held[i] = k.pages.alloc(1);
            }
        }
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(20);
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isZero();
        m.pgdat.kswapd.wakeAll(1, 0);
        loop.runUntil(loop.now() + 300 * MS);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(36);
    }

    /** With --zones' pinned pages, the hog's memory sits where the recording had it, in proportion. */
    @Test
    void pinnedMemorySitsWhereTheRecordingHadIt() {
        Kernel k = kernel("3840/0:772818/700000:5394258/5000000", 0, 67584);
        k.setPinned(5_700_000);
        assertThat(k.zones[0].pinned()).isZero();
        assertThat(k.zones[1].pinned()).isEqualTo(700000);
        assertThat(k.zones[2].pinned()).isEqualTo(5000000);
        k.setPinned(570_000); // a tenth
        assertThat(k.zones[1].pinned()).isEqualTo(70000);
        assertThat(k.zones[2].pinned()).isEqualTo(500000);
    }

    /**
     * What is pinned beyond what the recording saw (record-reclaim.sh's perf buffers, taken after
     * zoneinfo.before) is taken as allocations take pages: Normal down to its low watermark, then DMA32
     * down to low + lowmem_reserve. By hand: min_free_kbytes 67,584 = 16,896 pages, split by managed
     * pages (3,840 + 772,818 + 5,394,258 = 6,170,916): Normal min 14,769, DMA32 2,115; low = min +
     * max(min / 4, managed / 1000): 20,163 and 2,887 (the recorded machine's zoneinfo says the same for
     * Normal); DMA32 keeps 5,394,258 / 256 = 21,071 from Normal allocations. Normal has 394,258 free,
     * so of 400,000 more it gives 394,258 - 20,163 - 1 = 374,094 and DMA32 (72,818 free) the other 25,906.
     */
    @Test
    void memoryPinnedBeyondTheRecordingIsTakenAsTheAllocatorTakesIt() {
        Kernel k = kernel("3840/0:772818/700000:5394258/5000000", 0, 67584);
        assertThat(k.zones[2].lowWmark()).isEqualTo(20163);
        assertThat(k.zones[1].lowWmark()).isEqualTo(2887);
        assertThat(k.zones[1].lowmemReserve(2)).isEqualTo(21071);
        k.setPinned(5_700_000 + 400_000);
        assertThat(k.zones[2].pinned()).isEqualTo(5_000_000 + 374_094);
        assertThat(k.zones[1].pinned()).isEqualTo(700_000 + 25_906);
    }

    /** Allocates {@code n} frames of {@code zone}, each as an order-0 allocation takes it: their ids. */
    /**
     * Run AZ's Normal zone (high 25557, as its zoneinfo says): max_boost = mult_frac(25557, 15000, 10000)
     * = 2 x 15000 + 5557 x 15000 / 10000 = 30000 + 8335 = 38335, so the 75th fallback is capped (74 x 512
     * = 37888); every watermark carries the boost (wmark_pages()). DMA32 of the 512 MiB node: high 1051,
     * max_boost 1576, reached at the 4th. A zone under four pageblocks (2048 frames) is never boosted.
     */
    @Test
    void aFallbackRaisesEveryWatermarkByAPageblockUpToOneAndAHalfTimesHigh() {
        Zone normal = kernel("3840:772818:5394258", 0, 67584).zones[2];
        for (int i = 0; i < 74; i++) {
            assertThat(normal.boostWatermark()).isTrue();
        }
        assertThat(normal.watermarkBoost()).isEqualTo(37888);
        normal.boostWatermark();
        normal.boostWatermark();
        assertThat(normal.watermarkBoost()).isEqualTo(38335);
        assertThat(new long[] {normal.minWmark(), normal.lowWmark(), normal.highWmark()})
                .containsExactly(14769 + 38335, 20163 + 38335, 25557 + 38335);
        normal.unboost(40000);
        assertThat(normal.watermarkBoost()).isZero();

        Zone dma32 = kernel(null, 512L << 20, 0).zones[1];
        long[] seen = new long[4];
        for (int i = 0; i < 4; i++) {
            dma32.boostWatermark();
            seen[i] = dma32.watermarkBoost();
        }
        assertThat(seen).containsExactly(512, 1024, 1536, 1576);
        Zone[] small = kernel("2047:2048:126976", 0, 0).zones;
        assertThat(small[0].boostWatermark()).isFalse();
        assertThat(small[0].watermarkBoost()).isZero();
        assertThat(small[1].boostWatermark()).isTrue(); // 4 x 512 is not more than 2048
    }

    /**
     * A balanced node is left asleep, unless a zone is boosted: wakeup_kswapd() then wakes kswapd, and
     * balance_pgdat() finds the node balanced with nr_boost_reclaim = 512, so it reclaims that much
     * without writing, its priority held at DEF_PRIORITY - 2. By hand, 8192 clean pages on the inactive
     * list, DMA32 at 2000 free (high 1051 + 512 = 1563: still balanced): priority 12 scans 8192 >> 12 = 2,
     * 11 scans 8190 >> 11 = 3 (kswapd_shrink_node()'s goal, 32 + 1563, is never met, so each raises the
     * priority), then priority 10 holds: 8187 >> 10 = 7 a pass while the list stays above 7168 pages, 73
     * passes until 5 + 73 x 7 = 516 >= 512 are freed; the next priority finds the node balanced with no
     * boost left (goto out), and the run takes the boost it began with off the zone. Had the priority
     * gone on down, priorities 12 to 4 would have scanned 2 + 3 + 7 + 15 + 31 + 63 + 126 + 248 + 481 = 976.
     */
    @Test
    void aBoostWakesKswapdOnABalancedNodeToReclaimTheBoostAtPriorityTen() {
        Kernel k = kernel(null, 512L << 20, 0);
        Inode inode = k.newFileInode();
        for (int i = 0; i < 8192; i++) {
            SmallKernel.page(k, inode, i, true, false);
        }
        drain(k, 0, 4096 - 528);
        int[] rest = drain(k, 1, 126976 - 8192);
        for (int i = 0; i < 2000; i++) {
            k.pages.free(rest[i]);
        }
        m.pgdat.kswapd.start();
        loop.runUntil(MS);
        m.pgdat.kswapd.wakeAll(1, 0);
        loop.runUntil(300 * MS);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isZero(); // balanced, not boosted: asleep

        assertThat(k.zones[1].boostWatermark()).isTrue();
        assertThat(PgdatBalanced.balanced(k.zones, 1)).isTrue();
        m.pgdat.kswapd.wakeAll(1, 0);
        loop.runUntil(600 * MS);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isEqualTo(516);
        assertThat(k.vmstat.get(VmItem.PGSTEAL_KSWAPD)).isEqualTo(516);
        assertThat(k.zones[1].watermarkBoost()).isZero();
        assertThat(k.zones[1].highWmark()).isEqualTo(1051);
    }

    private static int[] drain(Kernel k, int zone, int n) {
        int[] frames = new int[n];
        for (int i = 0; i < n; i++) {
            frames[i] = k.pages.alloc(zone);
            assertThat(frames[i]).isNotEqualTo(Pages.NIL);
        }
        return frames;
    }
}
