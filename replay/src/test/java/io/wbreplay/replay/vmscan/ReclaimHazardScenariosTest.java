package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.driver.Machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.TruncateInodePages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.strategy.FlusherPageout;
import org.junit.jupiter.api.Test;

class ReclaimHazardScenariosTest {
    private static final long MS = 1_000_000L;
    private final EventLoop loop = new EventLoop();
    private Machine m;
    private Kernel k;

    private Kernel kernel(CoreConfig c, io.wbreplay.replay.block.BlockQueue q) {
        c.memoryBytes = 32L << 20;
        m = new Machine(c, loop, q); // the scenarios set their own tunables first
        k = m.kernel;
        return k;
    }

    /** Free frames: the buddy allocator's and, from 6.x, those on the per-CPU lists. */
    private long freeFrames() {
        long n = k.pages.nrFree();
        for (int z = 0; k.pages.pcp() != null && z < k.pages.zones(); z++) {
            n += k.pages.pcp().count(z);
        }
        return n;
    }

    private int dirtyPage(Inode inode, long index) {
        return SmallKernel.dirtyPage(k, inode, index);
    }

    /**
     * File F (pages 0..3 dirty, then G's page 0 on the LRU) is open and unlinked: i_count 1, held by
     * the open file. Direct reclaim with range-writepages grabs F (2), unlocks its pages and writes
     * them, but its bio waits for a request; meanwhile the file is closed (1). When reclaim resumes
     * its iput() is the last: iput_final() evicts F in reclaim, truncating its 4 pages (each waited
     * for under writeback) while G's page is still locked on the clean list: the inode lock is taken
     * with a page lock held, then page locks under the inode lock, a class inversion on each of the 4.
     */
    @Test
    void rangeWritepagesRunsIputFinalWhenTheFileIsUnlinkedAndClosedDuringReclaim() {
        CoreConfig c = new CoreConfig();
        c.strategy = "range-writepages";
        c.kernel = KernelEra.V2_6_35; // Mel Gorman's 2010 series
        GateQueue gate = new GateQueue(loop, 10 * MS);
        kernel(c, gate);
        Inode f = k.newFileInode();
        Inode g = k.newFileInode();
        for (int i = 0; i < 4; i++) {
            dirtyPage(f, i);
        }
        dirtyPage(g, 0);
        k.cache.iget(f); // open
        k.cache.unlink(f);
        assertThat(k.cache.iputNeedsFinal(f)).isFalse(); // the name's reference
        long freeBefore = freeFrames();

        StepTask t = new StepTask(loop, "writer", 5);
        Reclaimer r = new Reclaimer(m.pgdat, t);
        r.start(false, 5, null, 0); // priority 0: the five pages are one batch
        t.step = r::step;
        gate.shut = true;
        t.start();
        loop.runUntil(MS);
        assertThat(t.state()).isEqualTo(Task.State.WAITING); // F's bio waits for a request
        assertThat(f.count()).isEqualTo(2);
        assertThat(k.cache.iputNeedsFinal(f)).isFalse(); // close(): reclaim's reference is the last
        gate.open();
        loop.runUntil(100 * MS);

        assertThat(k.hazards.count(HazardKind.IPUT_FINAL_IN_RECLAIM)).isEqualTo(1);
        assertThat(k.hazards.first(HazardKind.IPUT_FINAL_IN_RECLAIM).task()).isEqualTo("writer[5]");
        assertThat(k.hazards.first(HazardKind.IPUT_FINAL_IN_RECLAIM).subject()).isEqualTo("inode " + f.ino);
        assertThat(k.iputFinalOutsideWriter()).isEqualTo(1);
        assertThat(f.has(Inode.I_CLEAR)).isTrue();
        assertThat(f.mapping.nrPages()).isZero();
        assertThat(k.hazards.count(HazardKind.LOCK_ORDER)).isEqualTo(4);
        assertThat(k.hazards.first(HazardKind.LOCK_ORDER).description()).contains("page lock taken while holding i_mutex");
        // F's 4 pages were written (one bio) and then freed by the eviction; G's page was written too
        assertThat(gate.inner.dispatched).extracting(d -> d[2] / 4096).containsExactly(4L, 1L);
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_WRITE)).isEqualTo(5);
        assertThat((long) k.pages.nrFree()).isGreaterThanOrEqualTo(freeBefore + 4);
    }

    private FlusherPageout flusherPageout(CoreConfig c) {
        c.strategy = FlusherPageout.NAME;
        c.pageoutUnitPages = 16;
        kernel(c, new io.wbreplay.replay.FixedDelayQueue(loop, null, 10 * MS, 1024));
        return (FlusherPageout) m.strategy;
    }

    /** Reclaim's pageout of {@code page} by {@code task}: trylock, pageout, unlock as shrink_page_list() does on KEEP. */
    private io.wbreplay.replay.vmscan.PageoutResult pageout(Pageout po, Task task, int page) {
        assertThat(k.cache.trylockPage(task, page)).isTrue();
        io.wbreplay.replay.vmscan.PageoutResult r = po.pageout(page, new ScanControl().reset(task, true, 32));
        k.cache.unlockPage(page);
        return r;
    }

    @Test
    void flusherPageoutSkipsAPageTruncatedBeforeTheWorkRuns() {
        FlusherPageout s = flusherPageout(new CoreConfig());
        Inode a = k.newFileInode();
        int p = dirtyPage(a, 5);
        long freeBefore = freeFrames();
        StepTask kswapd = new StepTask(loop, "kswapd0", 1);
        Pageout po = s.newPageout(new Reclaimer(m.pgdat, kswapd).context());
        assertThat(pageout(po, kswapd, p)).isEqualTo(io.wbreplay.replay.vmscan.PageoutResult.KEEP);
        assertThat(k.pages.count(p)).isEqualTo(2); // the page cache's and the work's

        StepTask truncater = new StepTask(loop, "truncate", 3);
        TruncateInodePages tr = new TruncateInodePages(k.cache, truncater);
        tr.start(a, 0);
        truncater.step = tr::step;
        truncater.start();
        loop.runUntil(0);
        assertThat(a.mapping.nrPages()).isZero();
        assertThat(freeFrames()).isEqualTo(freeBefore); // the work's reference keeps the frame

        m.bdi.start();
        loop.runUntil(MS);
        assertThat(s.foundTruncated()).isEqualTo(1);
        assertThat(s.foundClean()).isZero();
        assertThat(k.writtenBy(io.wbreplay.replay.sim.IoOrigin.FLUSHER_PAGEOUT)).isZero();
        assertThat(k.vmstat.get(VmItem.PGPGOUT)).isZero();
        assertThat(freeFrames()).isEqualTo(freeBefore + 1); // the work's put_page() freed it
        assertThat(s.inFlight()).isZero();
    }

    /**
     * With at most 2 works and throttling above 1: A0 queues a work (1 in flight), B0 another (2 > 1:
     * reclaim throttles), C0 finds the queue full: dropped, left to ordinary writeback (immediate
     * reclaim, the flusher woken); A1 merges into A's work (it lies in its unit 0..15) and costs nothing.
     */
    @Test
    void flusherPageoutQueueFullAccounting() {
        CoreConfig c = new CoreConfig();
        c.pageoutMaxWorks = 2;
        c.pageoutThrottleWorks = 1;
        FlusherPageout s = flusherPageout(c);
        Inode a = k.newFileInode();
        Inode b = k.newFileInode();
        Inode cc = k.newFileInode();
        int a0 = dirtyPage(a, 0);
        int b0 = dirtyPage(b, 0);
        int c0 = dirtyPage(cc, 0);
        int a1 = dirtyPage(a, 1);
        StepTask kswapd = new StepTask(loop, "kswapd0", 1);
        Pageout po = s.newPageout(new Reclaimer(m.pgdat, kswapd).context());
        pageout(po, kswapd, a0);
        assertThat(kswapd.state()).isEqualTo(Task.State.RUNNABLE);
        pageout(po, kswapd, b0);
        assertThat(kswapd.state()).isEqualTo(Task.State.WAITING); // throttled
        pageout(po, kswapd, c0);
        pageout(po, kswapd, a1);
        assertThat(s.worksQueued()).isEqualTo(2);
        assertThat(s.worksDropped()).isEqualTo(1);
        assertThat(s.pagesMerged()).isEqualTo(1);
        assertThat(s.throttled()).isEqualTo(1); // only B0's queueing went above 1; C0 was refused, A1 merged
        assertThat(s.inFlight()).isEqualTo(2);
        assertThat(s.counters()).containsExactly(java.util.Map.entry("pageoutWorksQueued", 2L),
                java.util.Map.entry("pageoutPagesMerged", 1L), java.util.Map.entry("pageoutWorksRefused", 1L),
                java.util.Map.entry("pageoutThrottled", 1L), java.util.Map.entry("pageoutStaleTruncated", 0L),
                java.util.Map.entry("pageoutStaleClean", 0L));
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM)).isEqualTo(1);
        assertThat(k.pages.count(a0)).isEqualTo(2);
        assertThat(k.pages.count(c0)).isEqualTo(1); // no work holds the dropped page
        m.bdi.start();
        loop.runUntil(5 * MS);
        assertThat(s.inFlight()).isZero();
        // A's work wrote A0 and A1 as one bio, B's B0; C0 went with the flusher work the drop woke
        assertThat(k.writtenBy(io.wbreplay.replay.sim.IoOrigin.FLUSHER_PAGEOUT)).isEqualTo(3);
        assertThat(k.writtenBy(io.wbreplay.replay.sim.IoOrigin.FLUSHER_BACKGROUND)).isEqualTo(1);
        assertThat(k.pages.test(c0, Pages.PG_dirty)).isFalse();
    }
}
