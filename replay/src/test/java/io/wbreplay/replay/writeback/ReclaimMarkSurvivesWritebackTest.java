package io.wbreplay.replay.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Lru;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import org.junit.jupiter.api.Test;

/**
 * A dirty page reclaim marked for immediate reclaim (shrink_page_list(): SetPageReclaim, keep) and the
 * flusher then writes. From 2.6.39 (Minchan Kim, 278df9f451dc "mm: reclaim invalidated page ASAP")
 * clear_page_dirty_for_io() leaves PG_reclaim alone, so end_page_writeback() finds it and
 * rotate_reclaimable_page() moves the clean page to the inactive tail, where the next reclaimer takes
 * it first (pgrotated 1). 2.6.35's clear_page_dirty_for_io() began with ClearPageReclaim(): the
 * written page stays where it was and nothing rotates.
 */
class ReclaimMarkSurvivesWritebackTest {
    private static final long S = 1_000_000_000L;

    private int marked;
    private int oldest;
    private Kernel k;

    private void writeMarkedPage(KernelEra era) {
        EventLoop loop = new EventLoop();
        Machine m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 1_000_000L, 1024), 64L << 20, c -> c.kernel = era);
        k = m.kernel;
        Inode f = k.newFileInode();
        oldest = SmallKernel.dirtyPage(k, f, 0); // added first: the inactive tail
        SmallKernel.dirtyPage(k, f, 1);
        marked = SmallKernel.dirtyPage(k, f, 2);
        SmallKernel.dirtyPage(k, f, 3);
        k.pages.set(marked, Pages.PG_reclaim); // what reclaim left on it; it stays inactive in every era
        WbWork w = new WbWork().reset();
        w.nrPages = 4;
        w.origin = IoOrigin.FLUSHER_BACKGROUND;
        StepTask flusher = new StepTask(loop, "flush-7:0", 2);
        WbWriteback wb = new WbWriteback(k, m.bdi, flusher);
        m.bdi.bIo.moveToHead(f);
        wb.start(w);
        flusher.step = wb::step;
        flusher.start();
        loop.runUntil(S);
        assertThat(k.writtenBy(IoOrigin.FLUSHER_BACKGROUND)).isEqualTo(4);
        assertThat(k.pages.test(marked, Pages.PG_dirty | Pages.PG_writeback)).isFalse();
    }

    @Test
    void from2639TheWrittenMarkedPageRotatesToTheInactiveTail() {
        for (KernelEra era : new KernelEra[] {KernelEra.V3_2, KernelEra.V6_X}) {
            writeMarkedPage(era);
            assertThat(k.vmstat.get(VmItem.PGROTATED)).as(era.label()).isEqualTo(1);
            assertThat(k.cache.lruOf(marked).tail(Lru.INACTIVE)).as(era.label()).isEqualTo(marked);
            assertThat(k.pages.test(marked, Pages.PG_reclaim)).as(era.label()).isFalse(); // end_page_writeback() cleared it
        }
    }

    @Test
    void in2635WritingItClearedTheMarkAndNothingRotates() {
        writeMarkedPage(KernelEra.V2_6_35);
        assertThat(k.vmstat.get(VmItem.PGROTATED)).isZero();
        assertThat(k.cache.lruOf(marked).tail(Lru.INACTIVE)).isEqualTo(oldest);
        assertThat(k.pages.test(marked, Pages.PG_reclaim)).isFalse();
    }
}
