package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.ShadowEntries;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * --other-read-pages: each of the other tasks' reads is a major fault's read-around of N evicted pages.
 * Ten pages of their file, indices 0-9, are evicted in that order; at 1,000 pages a second and N = 4 a
 * window is due when its first page is: 0-3 at 0 ms, 4-7 at 4 ms, the last two (8, 9) at 8 ms; from
 * 10 ms on nothing is left to read back, one page a millisecond.
 */
class OtherTasksReadAroundTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private Machine m;
    private Kernel k;
    private Inode inode;

    /** A 512 MiB 6.x node (DMA32 min 701, DMA min 22 + reserve 496) whose other file has pages 0-9 evicted. */
    private void machine() {
        m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 10 * MS, 1024), 512L << 20, c -> {
            c.kernel = KernelEra.V6_X;
            c.kswapdRunNs = 0L;
        });
        k = m.kernel;
        k.pages.setPcp(null); // frames freed by hand go straight back to the buddy allocator
        inode = k.newFileInode();
        inode.mapping.shadows = new ShadowEntries(10);
        for (int i = 0; i < 10; i++) {
            int p = SmallKernel.page(k, inode, i, true, false);
            k.pages.set(p, Pages.PG_locked);
            k.cache.removeMapping(p);
        }
    }

    private boolean cached(long index) {
        return inode.mapping.pages.lookup(index) != Pages.NIL;
    }

    @Test
    void windowsOfNPagesAreDueWhenTheirFirstPageIs() {
        machine();
        new OtherTasksPump(m, inode, 1000, 4, 2, () -> false).start();
        loop.runUntil(3 * MS);
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isEqualTo(4);
        assertThat(cached(3)).isTrue();
        assertThat(cached(4)).isFalse();
        loop.runUntil(7 * MS);
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isEqualTo(8);
        loop.runUntil(9 * MS);
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isEqualTo(10);
        assertThat(k.vmstat.get(VmItem.PGPGIN)).isEqualTo(40);
        assertThat(k.vmstat.get(VmItem.OTHER_READS_WITHOUT_REFAULT)).isZero();
        loop.runUntil(12 * MS + MS / 2); // reads due at 10, 11 and 12 ms find nothing evicted
        assertThat(k.vmstat.get(VmItem.OTHER_READS_WITHOUT_REFAULT)).isEqualTo(3);
    }

    /**
     * With both zones at their min watermark and nothing reclaimable on the LRU (64 dirty pages, no
     * flusher), the read-around's first __GFP_NORETRY allocation fails after its one direct reclaim:
     * the window 0-3 stops at once, and filemap_fault() allocates the faulting page, index 2 (the window's
     * middle, 4 / 2), retrying until a frame comes back at 1 s. Indices 0, 1 and 3 stay evicted and are
     * the oldest again, in their order, ahead of 4.
     */
    @Test
    void aReadAroundThatFailsLeavesItsPagesEvictedAndTheFaultingPageRead() {
        machine();
        Inode other = k.newFileInode();
        for (int i = 0; i < 64; i++) {
            SmallKernel.dirtyPage(k, other, i);
        }
        int[] dma32 = new int[k.pages.nrFree(1) - 701];
        for (int i = 0; i < dma32.length; i++) {
            dma32[i] = k.pages.alloc(1);
        }
        while (k.pages.nrFree(0) > 518) {
            k.pages.alloc(0);
        }
        new OtherTasksPump(m, inode, 1000, 4, 1, () -> loop.now() > 0).start();
        loop.runUntil(1000 * MS);
        assertThat(cached(2)).isFalse();
        k.pages.free(dma32[0]);
        loop.runUntil(1500 * MS);
        assertThat(cached(2)).isTrue();
        assertThat(cached(0) || cached(1) || cached(3)).isFalse();
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isEqualTo(1);
        ShadowEntries s = inode.mapping.shadows;
        assertThat(new long[] {s.pollOldest(), s.pollOldest(), s.pollOldest(), s.pollOldest()}).containsExactly(0, 1, 3, 4);
    }
}
