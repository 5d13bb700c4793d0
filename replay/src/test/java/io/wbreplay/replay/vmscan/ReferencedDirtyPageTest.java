package io.wbreplay.replay.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.vmscan.strategy.Writepage;
import io.wbreplay.replay.vmscan.strategy.WritepageReferenced;
import org.junit.jupiter.api.Test;

/**
 * Andrew Morton's "give dirty referenced pages another pass": four dirty pages of one file at the
 * inactive tail, each referenced since it was last scanned. writepage keeps them all
 * (PAGEREF_RECLAIM_CLEAN: nothing written); writepage-referenced, reclaim
 * before the change, writes them (one 4-page bio, the delalloc filesystem locking ascending), unless
 * the allocation may not enter the filesystem.
 */
class ReferencedDirtyPageTest {
    private static final long MS = 1_000_000L;

    /** {bios dispatched, pages still dirty, pages written by reclaim}. */
    private long[] reclaim(String strategy, boolean mayEnterFs) {
        EventLoop loop = new EventLoop();
        FixedDelayQueue queue = new FixedDelayQueue(loop, null, 10 * MS, 1024);
        Machine m = SmallKernel.machine(loop, queue, 32L << 20, c -> {
            c.strategy = strategy;
            c.fsDelallocAscending = true;
        });
        Kernel k = m.kernel;
        Inode a = k.newFileInode();
        int[] pages = new int[4];
        for (int i = 0; i < 4; i++) {
            pages[i] = SmallKernel.dirtyPage(k, a, i);
            k.pages.set(pages[i], Pages.PG_referenced);
        }
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
    void afterTheChangeReferencedDirtyPagesGetAnotherPass() {
        assertThat(reclaim(Writepage.NAME, true)).containsExactly(0L, 4L, 0L);
    }

    @Test
    void beforeItTheyWereWrittenLikeAnyOther() {
        assertThat(reclaim(WritepageReferenced.NAME, true)).containsExactly(1L, 0L, 4L);
    }

    @Test
    void withoutGfpFsNeitherWrites() {
        assertThat(reclaim(WritepageReferenced.NAME, false)).containsExactly(0L, 4L, 0L);
    }
}
