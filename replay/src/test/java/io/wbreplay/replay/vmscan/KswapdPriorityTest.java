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
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * How deep one reclaim pass goes, worked by hand for a 64 MiB machine (16384 frames) on 6.x:
 * min_free_kbytes = int_sqrt(65536 x 16) = 1024, min 256 pages; watermark_scale_factor spaces low and
 * high by max(256 / 4, 16384 x 10 / 10000) = 64: low 320, high 384. Every page is locked by someone
 * else, so shrink_folio_list() keeps each one (folio_trylock() fails) and the inactive list keeps its
 * size N for the whole pass: each priority p scans N >> p (get_scan_count()), nothing is reclaimed.
 */
class KswapdPriorityTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private Machine m = machine(0);
    private Kernel k = m.kernel;

    private Machine machine(long reclaimScanNs) {
        return machine(loop, reclaimScanNs, 0, KernelEra.V6_X);
    }

    private static Machine machine(EventLoop loop, long reclaimScanNs, KernelEra era) {
        return machine(loop, reclaimScanNs, 0, era);
    }

    private static Machine machine(EventLoop loop, long reclaimScanNs, long kswapdRunNs, KernelEra era) {
        return SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 10 * MS, 1024), 64L << 20, c -> {
            c.kernel = era;
            c.reclaimScanNs = reclaimScanNs;
            c.kswapdRunNs = kswapdRunNs;
            SmallKernel.oneZone(c);
        });
    }

    /** {@code n} clean pages on the inactive list, each locked as another task holds it. */
    private void lockedPages(int n) {
        Inode inode = k.newFileInode();
        for (int i = 0; i < n; i++) {
            int p = SmallKernel.page(k, inode, i, true, false);
            assertThat(k.cache.trylockPage(p)).isTrue();
        }
    }

    /**
     * balance_pgdat() since 3.11 loops {@code do { ... sc.priority--; } while (sc.priority >= 1)}: with
     * 16100 pages and 284 free (below high 384) one run scans 16100 >> 12 ... 16100 >> 1 = 3 + 7 + 15 +
     * 31 + 62 + 125 + 251 + 503 + 1006 + 2012 + 4025 + 8050 = 16090 pages, never the whole list at
     * priority 0 (which would add 16100). A run that frees nothing counts a kswapd_failure and kswapd
     * runs again at once; after MAX_RECLAIM_RETRIES (16) such runs the node is hopeless and kswapd
     * sleeps for good: 16 runs, 16 x 16090 pages.
     */
    @Test
    void kswapdStopsAfterPriorityOne() {
        lockedPages(16100);
        assertThat(k.zone.freePages()).isEqualTo(284);
        m.pgdat.kswapd.start();
        loop.runUntil(50 * MS);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(16);
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isEqualTo(16 * 16090);
        loop.runUntil(1000 * MS); // nothing wakes a hopeless kswapd
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(16);
    }

    /**
     * prepare_scan_control() (5.5+) deactivates while refaulting pages were activated since the last
     * reclaim ended, even when the inactive list is not low. 12004 inactive and 4096 active pages, all
     * locked by another task (nothing is freed), 284 free: inactive_is_low() is false (12004 x 1 is not
     * below 4096), but a refault was activated before kswapd's first run. That run scans I >> p of the
     * inactive list and deactivates A >> p of the active one at each priority p, the lists' sizes moving
     * between priorities: (I, A) from (12004, 4096) to (14915, 1185); inactive 2 + 5 + 11 + 23 + 46 + 93
     * + 188 + 378 + 765 + 1561 + 3235 + 6865 = 13172, deactivated 1 + 1 + 3 + 7 + 15 + 31 + 63 + 124 + 240
     * + 451 + 790 + 1185 = 2911. Its end takes the snapshot (snapshot_refaults()), so the 15 runs that
     * follow before the node is hopeless deactivate nothing and scan 14915 >> 12 ... >> 1 = 3 + 7 + 14 +
     * 29 + 58 + 116 + 233 + 466 + 932 + 1864 + 3728 + 7457 = 14907 each: 13172 + 15 x 14907 = 236777.
     * Without the refault, no run deactivates.
     */
    @Test
    void refaultsSinceTheLastReclaimLetTheNextOneDeactivate() {
        lockedAndActive(12004, 4096);
        k.cache.lru.refaultActivated();
        m.pgdat.kswapd.start();
        loop.runUntil(50 * MS);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(16);
        assertThat(k.vmstat.get(VmItem.PGREFILL)).isEqualTo(2911);
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isEqualTo(236777);

        EventLoop quiet = new EventLoop();
        m = machine(quiet, 0, KernelEra.V6_X);
        k = m.kernel;
        lockedAndActive(12004, 4096);
        m.pgdat.kswapd.start();
        quiet.runUntil(50 * MS);
        assertThat(k.vmstat.get(VmItem.PGREFILL)).isZero();
    }

    /** {@code inactive} locked clean pages on the inactive list, then {@code active} on the active one. */
    private void lockedAndActive(int inactive, int active) {
        lockedPages(inactive);
        Inode inode = k.newFileInode();
        for (int i = 0; i < active; i++) {
            int p = SmallKernel.page(k, inode, i, true, false);
            k.cache.activatePage(p);
            assertThat(k.cache.trylockPage(p)).isTrue();
        }
        assertThat(k.zone.freePages()).isEqualTo(284);
    }

    /**
     * do_try_to_free_pages() loops {@code do { ... } while (--sc->priority >= 0)}: with 16130 pages and
     * 254 free (not above min 256) the allocation reclaims directly and scans 16130 >> 12 ... 16130 >> 1 =
     * 3 + 7 + 15 + 31 + 63 + 126 + 252 + 504 + 1008 + 2016 + 4032 + 8065 = 16122 pages, then all 16130 at
     * priority 0: 32252. Having freed nothing it runs the loop once more with a full memcg walk (6.11+),
     * counting a second allocstall: 64504 scanned. No pass skipped deactivation (the active list is
     * empty), so there is no third try with force_deactivate.
     */
    @Test
    void directReclaimGoesDownToPriorityZero() {
        lockedPages(16130);
        assertThat(k.zone.freePages()).isEqualTo(254);
        allocateOne(m, loop);
        assertThat(k.vmstat.get(VmItem.ALLOCSTALL)).isEqualTo(2);
        assertThat(k.vmstat.get(VmItem.PGSCAN_DIRECT)).isEqualTo(2 * 32252);
    }

    /**
     * With reclaim costing 100 ns per scanned page, the run of {@link #kswapdStopsAfterPriorityOne()}
     * takes 16090 x 100 ns = 1.609 ms, and the runs follow one another: the 16th starts at 15 x 1.609 =
     * 24.135 ms, and after it kswapd sleeps.
     */
    @Test
    void scanningCostsCpuTime() {
        sixteenRunsOfLockedPages(machine(100), 24_135_000L);
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isEqualTo(16 * 16090);
    }

    /**
     * With each run also costing kswapd 118 us besides its scanning ({@code --kswapd-run-ns}), each run of
     * {@link #scanningCostsCpuTime()} takes 1.609 + 0.118 = 1.727 ms: the 16th starts at 15 x 1.727 =
     * 25.905 ms, where without it it started at 24.135 ms.
     */
    @Test
    void eachRunCostsItsOwnCpuTime() {
        sixteenRunsOfLockedPages(machine(loop, 100, 118_000, KernelEra.V6_X), 25_905_000L);
    }

    /** kswapd over 16100 locked pages on {@code machine}: 15 runs until 5 us before {@code sixteenthNs}, the 16th by 5 us after, no more. */
    private void sixteenRunsOfLockedPages(Machine machine, long sixteenthNs) {
        m = machine;
        k = m.kernel;
        lockedPages(16100);
        m.pgdat.kswapd.start();
        loop.runUntil(sixteenthNs - 5_000);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(15);
        loop.runUntil(sixteenthNs + 5_000);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(16);
        loop.runUntil(300 * MS);
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(16);
    }

    /**
     * __alloc_pages_slowpath() retries after a direct reclaim that freed nothing while no page is free
     * (should_reclaim_retry()), and each try of do_try_to_free_pages() counts ALLOCSTALL: with all 16384
     * frames locked in the cache, a writer that reclaims at 0 ms and, after each HZ/10 wait, at 100 and
     * 200 ms, each time the loop and its full-walk retry, has stalled six times by 250 ms.
     */
    @Test
    void everyDirectReclaimCountsAnAllocstall() {
        lockedPages(16384);
        StepTask writer = new StepTask(loop, "writer", 7);
        PageAllocator a = m.pageAllocator(writer);
        writer.step = () -> a.alloc() != Pages.NIL;
        writer.start();
        loop.runUntil(250 * MS);
        assertThat(writer.doneAtNs).isEqualTo(-1);
        assertThat(k.vmstat.get(VmItem.ALLOCSTALL)).isEqualTo(6);
    }

    /**
     * A direct reclaim whose inactive list holds only pages it cannot take (16000, locked) while 130
     * clean pages sit on the active list, which inactive_is_low() keeps (16000 x 3 is not below 130):
     * every pass skips deactivation and the loop frees nothing. do_try_to_free_pages() tries again with
     * a full memcg walk (6.11+), then with force_deactivate (5.9+), each try an allocstall. The forced
     * loop deactivates active >> priority at each pass from what is left: 130 >> 7 = 1, 129 >> 6 = 2,
     * 127 >> 5 = 3, 124 >> 4 = 7, 117 >> 3 = 14, 103 >> 2 = 25, 78 >> 1 = 39 and the last 39 at priority
     * 0, all 130; that pass scans the whole inactive list, reaches them behind the locked pages and frees
     * its 32.
     */
    @Test
    void directReclaimThatSkippedDeactivationRetriesForcingIt() {
        assertThat(retriesOf(KernelEra.V6_X)).containsExactly(3L, 130L, 32L);
        assertThat(retriesOf(KernelEra.V5_16)).containsExactly(2L, 130L, 32L); // no full-walk retry before 6.11
        assertThat(retriesOf(KernelEra.V4_11)).containsExactly(1L, 0L, 0L); // no retry at all
    }

    /** ALLOCSTALL, PGREFILL and PGSTEAL_DIRECT of one allocation on {@code era}'s kernel in the setting above. */
    private long[] retriesOf(KernelEra era) {
        EventLoop l = new EventLoop();
        Machine mm = machine(l, 0, era);
        Kernel kk = mm.kernel;
        Inode inode = kk.newFileInode();
        for (int i = 0; i < 16000; i++) {
            int p = SmallKernel.page(kk, inode, i, true, false);
            assertThat(kk.cache.trylockPage(p)).isTrue();
        }
        for (int i = 0; i < 130; i++) {
            kk.cache.activatePage(SmallKernel.page(kk, inode, 16000 + i, true, false));
        }
        assertThat(kk.zone.freePages()).isEqualTo(254);
        allocateOne(mm, l);
        return new long[] {kk.vmstat.get(VmItem.ALLOCSTALL), kk.vmstat.get(VmItem.PGREFILL), kk.vmstat.get(VmItem.PGSTEAL_DIRECT)};
    }

    /** A writer allocates one page on {@code m}, which it has by 50 ms. */
    private static void allocateOne(Machine m, EventLoop loop) {
        StepTask writer = new StepTask(loop, "writer", 7);
        PageAllocator a = m.pageAllocator(writer);
        writer.step = () -> a.alloc() != Pages.NIL;
        writer.start();
        loop.runUntil(50 * MS);
        assertThat(writer.doneAtNs).isGreaterThanOrEqualTo(0);
    }
}
