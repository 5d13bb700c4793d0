package io.wbreplay.replay.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import org.junit.jupiter.api.Test;

/**
 * requeue_inode() after a kupdate pass over an inode that is not expired (dirtied at 0, kupdate at
 * 10 s, dirty_expire 30 s) but sits on b_more_io, where a background pass whose slice ran out left it:
 * queue_io() splices b_more_io into b_io whatever its age, so kupdate writes a chunk of it. Since 5.9
 * (Jan Kara, "writeback: Avoid skipping inode writeback") the inode then goes back to b_dirty
 * (redirty_tail(): dirtied after kupdate's dirtied_before, now - 30 s) and kupdate is done after one
 * chunk; before, requeue_io() put it on b_more_io again and kupdate wrote chunk after chunk, all of it.
 */
class RequeueInodeTest {
    private static final long S = 1_000_000_000L;
    private static final int PAGES = 8192;

    private long[] kupdate(KernelEra era) {
        EventLoop loop = new EventLoop();
        Machine m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 1_000_000L, 1024), 256L << 20, c -> c.kernel = era);
        Kernel k = m.kernel;
        Inode a = k.newFileInode();
        for (int i = 0; i < PAGES; i++) {
            SmallKernel.dirtyPage(k, a, i);
        }
        loop.runUntil(10 * S);
        m.bdi.bMoreIo.moveToHead(a); // left there by a background pass
        WbWork w = new WbWork().reset();
        w.forKupdate = true;
        w.nrPages = PAGES;
        w.origin = IoOrigin.FLUSHER_KUPDATE;
        StepTask flusher = new StepTask(loop, "flush-7:0", 2);
        WbWriteback wb = new WbWriteback(k, m.bdi, flusher);
        wb.start(w);
        long chunk = wb.chunkSize();
        flusher.step = wb::step;
        flusher.start();
        loop.runUntil(20 * S);
        return new long[] {k.writtenBy(IoOrigin.FLUSHER_KUPDATE), chunk, a.list() == m.bdi.bDirty ? 1 : 0};
    }

    @Test
    void since59KupdateWritesOneChunkOfAnInodeNotYetExpired() {
        long[] r = kupdate(KernelEra.V6_X);
        assertThat(r[1]).isLessThan(PAGES);
        assertThat(r[0]).isEqualTo(r[1]); // one chunk
        assertThat(r[2]).isEqualTo(1); // back on b_dirty
    }

    @Test
    void beforeKupdateWroteItAllThroughBMoreIo() {
        long[] r = kupdate(KernelEra.V4_11);
        assertThat(r[1]).isLessThan(PAGES);
        assertThat(r[0]).isEqualTo(PAGES);
    }
}
