package io.wbreplay.replay;

import io.wbreplay.replay.driver.Machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.TruncateInodePages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.writeback.SyncMode;
import io.wbreplay.replay.writeback.WriteCachePages;
import io.wbreplay.replay.writeback.WritebackControl;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CoreMechanicsTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private Machine m;
    private Kernel k;

    private Kernel kernel(long memoryBytes, long delayNs) {
        m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, delayNs, 1024), memoryBytes, SmallKernel::oneZone);
        k = m.kernel;
        return k;
    }

    /** Puts pages [from, from + n) of {@code inode} in the page cache, dirty or clean, unlocked. */
    private void populate(Inode inode, long from, int n, boolean dirty) {
        for (long i = from; i < from + n; i++) {
            SmallKernel.page(k, inode, i, true, dirty);
        }
    }

    @Test
    void nrToWriteBoundsOneWritebackPass() {
        kernel(64L << 20, 10 * MS);
        Inode inode = k.newFileInode();
        populate(inode, 0, 3000, true);
        StepTask t = new StepTask(loop, "test-9", 9);
        WriteCachePages w = new WriteCachePages(k, t);
        WritebackControl wbc = new WritebackControl();
        wbc.syncMode = SyncMode.WB_SYNC_NONE;
        wbc.nrToWrite = 1024;
        wbc.rangeCyclic = true;
        w.start(inode, wbc);
        t.step = w::step;
        t.start();
        loop.runUntil(MS);
        assertThat(t.doneAtNs).isZero();
        assertThat(w.written()).isEqualTo(1024);
        assertThat(wbc.nrToWrite).isZero();
        assertThat(k.vmstat.get(VmItem.NR_WRITEBACK)).isEqualTo(1024);
        assertThat(k.vmstat.get(VmItem.NR_DIRTY)).isEqualTo(3000 - 1024);
        // write_cache_pages() saves the index of the last page it wrote as writeback_index (3.2)
        assertThat(inode.mapping.writebackIndex).isEqualTo(1023);
        // pages 0..1023 went out as two 512 KiB bios: 1024 pages = 4 MiB = 8 bios of 128 pages
        assertThat(k.vmstat.get(VmItem.PGPGOUT)).isEqualTo(4096);
    }

    @Test
    void truncateWaitsForPagesUnderWriteback() {
        kernel(64L << 20, 10 * MS);
        long freeBefore = k.pages.nrFree();
        Inode inode = k.newFileInode();
        populate(inode, 0, 10, true);
        populate(inode, 10, 5, false);
        StepTask writer = new StepTask(loop, "test-1", 1);
        WriteCachePages w = new WriteCachePages(k, writer);
        WritebackControl wbc = new WritebackControl();
        wbc.nrToWrite = Long.MAX_VALUE;
        w.start(inode, wbc);
        writer.step = w::step;
        writer.start();
        loop.runUntil(MS); // the 10 dirty pages are under writeback until 10 ms

        StepTask truncater = new StepTask(loop, "test-2", 2);
        TruncateInodePages tr = new TruncateInodePages(k.cache, truncater);
        tr.start(inode, 0);
        truncater.step = tr::step;
        truncater.start();
        loop.runUntil(5 * MS);
        assertThat(truncater.doneAtNs).isEqualTo(-1); // still waiting on writeback
        assertThat(inode.mapping.nrPages()).isEqualTo(10); // the 5 clean pages went in the first pass
        loop.runUntil(20 * MS);
        assertThat(truncater.doneAtNs).isEqualTo(10 * MS); // the bios were submitted at 0 with a 10 ms delay
        assertThat(inode.mapping.nrPages()).isZero();
        assertThat(k.pages.nrFree()).isEqualTo(freeBefore);
        assertThat(k.vmstat.get(VmItem.NR_FILE_PAGES)).isZero();
    }

    @Test
    void reclaimFreesCleanPagesAndSkipsDirtyOnes() {
        kernel(32L << 20, 10 * MS); // 8192 pages; min_free_kbytes = isqrt(32768 * 16) = 724 -> min 181, low 226, high 271
        assertThat(k.zone.minWmark()).isEqualTo(181);
        assertThat(k.zone.lowWmark()).isEqualTo(226);
        assertThat(k.zone.highWmark()).isEqualTo(271);
        Inode clean = k.newFileInode();
        Inode dirty = k.newFileInode();
        for (int i = 0; i < 3500; i++) { // alternate on the LRU: clean, dirty, clean, dirty ...
            populate(clean, i, 1, false);
            populate(dirty, i, 1, true);
        }
        m.pgdat.kswapd.start(); // kswapd only: no flusher, so no page leaves the dirty state during the test
        k.zone.setPinned(8192 - 7000 - 92); // free = 92, below low: kswapd must reclaim to high
        assertThat(k.zone.freePages()).isEqualTo(92);
        loop.runUntil(MS);
        // 179 pages are needed. Priority pass p scans inactive >> p pages from the tail, which alternates
        // clean, dirty: p12 1 page (1 clean), p11 3 (1), p10 6 (3), p9 13 (7), p8 27 (13), p7 54 (27),
        // p6 107 (54): 106 freed; p5 (6789 >> 5 = 212) in batches of 32 with 16 clean each: after the
        // fifth 186 >= 179. Scanned 1+3+6+13+27+54+107+160 = 371; the 185 dirty ones met are marked for
        // immediate reclaim (and activated, 6.x)
        assertThat(k.vmstat.get(VmItem.PGSTEAL)).isEqualTo(186);
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD)).isEqualTo(371);
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM)).isEqualTo(185);
        assertThat(k.vmstat.get(VmItem.NR_ACTIVE_FILE)).isEqualTo(185);
        assertThat(k.zone.freePages()).isEqualTo(92 + 186);
        assertThat(clean.mapping.nrPages()).isEqualTo(3500 - 186);
        assertThat(dirty.mapping.nrPages()).isEqualTo(3500);
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_WRITE)).isZero();
    }

    @Test
    void directReclaimThatScannedOneAndAHalfTimesItsGoalWakesTheFlusher() {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 32L << 20; // min watermark 181 pages (see above)
        c.strategy = "writepage";
        c.kernel = KernelEra.V2_6_35; // the wakeup was in do_try_to_free_pages() from 2.6.32 to 4.10
        c.reclaimScanNs = 0L; // the passes below all run within the first nanosecond
        m = new Machine(c, loop, new FixedDelayQueue(loop, null, 10 * MS, 1024));
        k = m.kernel;
        Inode dirty = k.newFileInode();
        populate(dirty, 0, 7000, true);
        k.zone.setPinned(8192 - 7000 - 100); // free = 100, below min: the allocation enters direct reclaim
        StepTask writer = new StepTask(loop, "test-7", 7);
        io.wbreplay.replay.vmscan.PageAllocator alloc = m.pageAllocator(writer);
        writer.step = () -> alloc.alloc() != Pages.NIL;
        assertThat(m.bdi.hasQueuedWork()).isFalse();
        writer.start();
        loop.runUntil(1);
        // goal SWAP_CLUSTER_MAX = 32; each priority pass scans at least a batch of 32 dirty pages (2.6.35's
        // nr_saved_scan), which writepage sends to the (not yet completing) queue, so nothing is freed:
        // after the second pass 64 > 48 pages were scanned and do_try_to_free_pages() wakes the flusher
        // (not started here: the work waits), before the nap in congestion_wait() below DEF_PRIORITY - 2
        assertThat(k.vmstat.get(VmItem.PGSCAN_DIRECT)).isEqualTo(4 * 32); // passes 12, 11, 10 and 9, then the nap
        assertThat(m.bdi.hasQueuedWork()).isTrue();
    }

    @Test
    void anInodeDirtiedAndCleanedDuringItsWritebackIsQueuedAgainWhenNextDirtied() {
        kernel(64L << 20, 10 * MS);
        Inode inode = k.newFileInode();
        populate(inode, 0, 8, true);   // pages 0..7 dirty: the inode goes on b_dirty
        populate(inode, 8, 2, false);  // pages 8, 9 cached and clean
        int five = inode.mapping.find(5);
        assertThat(k.cache.trylockPage(five)).isTrue(); // someone holds page 5
        io.wbreplay.replay.writeback.WbWork w = new io.wbreplay.replay.writeback.WbWork();
        w.nrPages = 1024;
        m.bdi.start();
        m.bdi.queueWork(w);
        loop.runUntil(MS); // the flusher writes 0..4 and sleeps in lock_page(5), the inode under I_SYNC
        assertThat(k.vmstat.get(VmItem.NR_WRITEBACK)).isEqualTo(5);
        k.cache.setPageDirty(inode.mapping.find(8), loop.now()); // dirtied during the pass, ahead of its cursor
        k.cache.unlockPage(five);
        loop.runUntil(100 * MS); // the pass writes 5..8 too and ends with no dirty page: the inode is clean
        assertThat(k.vmstat.get(VmItem.NR_DIRTY)).isZero();
        assertThat(inode.list()).isNull();
        // a later write must put it back on b_dirty (__mark_inode_dirty()), or nothing would ever write it
        k.cache.setPageDirty(inode.mapping.find(9), loop.now());
        assertThat(inode.list()).isSameAs(m.bdi.bDirty);
    }
}
