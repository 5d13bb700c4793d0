package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.driver.Machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.vmscan.strategy.WriteAround;
import io.wbreplay.replay.vmscan.strategy.Writepage;
import org.junit.jupiter.api.Test;

/**
 * shrink_page_list() with may_enter_fs false (a GFP_NOFS allocation, as btrfs prepare_pages() makes
 * while holding page locks): a dirty page goes to keep_locked, so no strategy writes anything and no
 * page lock is taken beyond reclaim's own trylocks. Four unreferenced dirty pages of one file sit on
 * the inactive list; with __GFP_FS the same pass writes them.
 */
class GfpNoFsReclaimTest {
    private static final long MS = 1_000_000L;

    private Machine machine(String strategy, EventLoop loop, FixedDelayQueue queue) {
        Machine m = SmallKernel.machine(loop, queue, 32L << 20, c -> {
            c.strategy = strategy;
            c.fsDelallocAscending = true;
        });
        Kernel k = m.kernel;
        Inode a = k.newFileInode();
        for (long i = 0; i < 4; i++) {
            SmallKernel.dirtyPage(k, a, i);
        }
        return m;
    }

    private long[] reclaim(String strategy, boolean mayEnterFs) {
        EventLoop loop = new EventLoop();
        FixedDelayQueue queue = new FixedDelayQueue(loop, null, 10 * MS, 1024);
        Machine m = machine(strategy, loop, queue);
        Kernel k = m.kernel;
        StepTask t = new StepTask(loop, "writer", 7);
        Reclaimer r = new Reclaimer(m.pgdat, t);
        r.start(false, 32, null);
        r.scanControl().mayEnterFs = mayEnterFs;
        t.step = r::step;
        t.start();
        loop.runUntil(MS);
        return new long[] {queue.dispatched.size(), k.vmstat.get(VmItem.NR_DIRTY), k.vmstat.get(VmItem.NR_VMSCAN_WRITE)};
    }

    @Test
    void noFsReclaimKeepsEveryDirtyPage() {
        for (String s : new String[] {Writepage.NAME, WriteAround.NAME}) {
            assertThat(reclaim(s, false)).as(s).containsExactly(0L, 4L, 0L);
        }
    }

    @Test
    void fsReclaimWritesThem() {
        // writepage with the delalloc filesystem: the tail page (index 0, the first added) is written
        // with the contiguous dirty pages after it, locked ascending: one 4-page bio, nothing left dirty
        assertThat(reclaim(Writepage.NAME, true)).containsExactly(1L, 0L, 4L);
    }
}
