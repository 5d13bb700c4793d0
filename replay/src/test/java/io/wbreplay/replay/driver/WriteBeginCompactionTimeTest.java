package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.vmscan.GateQueue;
import io.wbreplay.replay.vmscan.PageAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Direct compaction runs in the allocating task's context and takes its CPU time. A 64 MiB machine
 * (6.x, its zones) filled with clean page-cache pages, every other frame then freed from the top down:
 * no free block of order 1 or more, and the free lists' tails, where compaction's fast search reads
 * first, hold the highest frames. A 64 KiB write asks for an order-4 folio, which only a direct compaction can give;
 * the writer then sleeps for the compaction's cost (Compaction#workPs(): the pages it scanned and
 * moved at their measured costs), holding the folio, and only then puts it in the page cache.
 */
class WriteBeginCompactionTimeTest {
    @Test
    void theWriterPaysForItsCompactionBeforeTheFolioIsAdded() {
        EventLoop loop = new EventLoop();
        GateQueue gate = new GateQueue(loop, 1_000_000L);
        Machine m = SmallKernel.machine(loop, gate, 64L << 20, c -> c.kernel = KernelEra.V6_X);
        Kernel k = m.kernel;
        assertThat(k.compaction).isNotNull();
        Inode old = k.newFileInode();
        List<Integer> cached = new ArrayList<>();
        for (long i = 0; ; i++) {
            int p = k.pages.alloc();
            if (p == Pages.NIL) {
                break;
            }
            k.cache.addToPageCacheLru(p, old, i);
            k.pages.set(p, Pages.PG_uptodate);
            k.cache.unlockPage(p);
            cached.add(p);
        }
        for (int i = cached.size() - 1; i >= 0; i--) { // from the top down: the free lists' tails hold the highest frames
            int p = cached.get(i);
            if ((p & 1) == 1) {
                k.cache.deleteFromPageCache(p);
            }
        }

        Inode f = k.newFileInode();
        StepTask writer = new StepTask(loop, "writer", 9);
        PageAllocator allocator = new PageAllocator(m.pgdat, writer);
        GrabCachePageWriteBegin writeBegin = new GrabCachePageWriteBegin(k, writer, allocator);
        int[] got = {Pages.NIL};
        writer.step = () -> {
            got[0] = writeBegin.grab(f, 0, 15, false);
            return got[0] != Pages.NIL;
        };
        long work = k.compaction.workPs();
        writer.start();
        loop.runUntil(0);

        assertThat(k.vmstat.get(VmItem.COMPACT_SUCCESS)).isEqualTo(1);
        long costNs = (k.compaction.workPs() - work) / 1_000;
        assertThat(costNs).isPositive();
        assertThat(got[0]).isEqualTo(Pages.NIL); // asleep for the compaction
        assertThat(f.mapping.find(0)).isNegative(); // the folio is not in the cache yet

        loop.runUntil(costNs - 1);
        assertThat(writer.doneAtNs).isEqualTo(-1);
        loop.runUntil(costNs);
        assertThat(writer.doneAtNs).isEqualTo(costNs);
        assertThat(k.pages.test(got[0], Pages.PG_head)).isTrue();
        assertThat(f.mapping.find(15)).isEqualTo(got[0] + 15); // the order-4 folio, whole
    }
}
