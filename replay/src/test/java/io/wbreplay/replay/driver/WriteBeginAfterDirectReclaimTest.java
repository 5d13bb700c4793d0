package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.GateQueue;
import io.wbreplay.replay.vmscan.PageAllocator;
import io.wbreplay.replay.vmscan.strategy.RangeWritepages;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A writer that sleeps in direct reclaim while allocating the page for index 0 of file F. Its reclaim
 * (range-writepages) took the two oldest pages, G's page 0 and F's page 1, onto its clean list; it is
 * writing G's run (its bio waits for a request) while F's page 1 stays locked by it. Meanwhile another
 * task adds F's page 0. __filemap_get_folio() (mm/filemap.c) returns from filemap_alloc_folio() first --
 * reclaim done, the clean list unlocked -- and only then finds the index taken (filemap_add_folio()
 * -EEXIST) and looks again. A writer that looked first would take page 0 and then wait for page 1,
 * locked by its own unfinished reclaim: it never runs again.
 */
class WriteBeginAfterDirectReclaimTest {
    private static final long MS = 1_000_000L;

    @Test
    void theAllocationEndsBeforeTheLookupIsRepeated() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            EventLoop loop = new EventLoop();
            GateQueue gate = new GateQueue(loop, 10 * MS);
            Machine m = SmallKernel.machine(loop, gate, 64L << 20, c -> {
                c.strategy = RangeWritepages.NAME;
                c.kernel = KernelEra.V2_6_35; // Mel Gorman's 2010 series
            });
            Kernel k = m.kernel;
            assertThat(k.zones).isNotNull(); // 2.6.35 reclaims per zone
            Inode f = k.newFileInode();
            Inode g = k.newFileInode();
            int g0 = SmallKernel.dirtyPage(k, g, 0); // the LRU tail: one batch of 2 at DEF_PRIORITY below
            int f1 = SmallKernel.dirtyPage(k, f, 1);
            for (long i = 0; i < 10_000; i++) { // clean pages: 10,002 >> 12 = 2 pages scanned first
                SmallKernel.page(k, k.newFileInode(), 0, true, false);
            }
            for (int z = 0; z < k.zones.length; z++) { // another task's memory: each zone down to its min watermark
                while (k.zones[z].freePages() > k.zones[z].minWmark()) {
                    assertThat(k.pages.alloc(z)).isNotEqualTo(Pages.NIL);
                }
            }

            StepTask writer = new StepTask(loop, "writer", 9);
            PageAllocator allocator = new PageAllocator(m.pgdat, writer);
            GrabCachePageWriteBegin writeBegin = new GrabCachePageWriteBegin(k, writer, allocator);
            long[] next = {0};
            int[] got = new int[2];
            writer.step = () -> {
                while (next[0] < 2) {
                    int p = writeBegin.grab(f, next[0], next[0], false);
                    if (p == GrabCachePageWriteBegin.RETRY) {
                        continue;
                    }
                    if (p == Pages.NIL) {
                        return false;
                    }
                    got[(int) next[0]] = p;
                    k.cache.unlockPage(p);
                    next[0]++;
                }
                return true;
            };
            gate.shut = true;
            writer.start();
            loop.runUntil(MS);
            assertThat(writer.state()).isEqualTo(Task.State.WAITING); // G's bio waits for a request
            assertThat(allocator.inDirectReclaim()).isTrue();
            assertThat(k.pages.test(f1, Pages.PG_locked)).isTrue(); // on the writer's clean list

            int f0 = SmallKernel.dirtyPage(k, f, 0); // another writer adds F's page 0
            gate.open();
            loop.runUntil(200 * MS);

            assertThat(writer.doneAtNs).isPositive();
            assertThat(got).containsExactly(f0, f1); // the page the other task added, then page 1
            assertThat(allocator.inDirectReclaim()).isFalse();
            assertThat(k.pages.test(g0, Pages.PG_dirty)).isFalse(); // reclaim wrote G's page
        });
    }
}
