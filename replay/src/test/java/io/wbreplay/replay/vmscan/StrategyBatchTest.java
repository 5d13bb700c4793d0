package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.driver.Machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.vmscan.strategy.FlusherPageout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One direct-reclaim batch at priority 0 (all of the inactive list) over a hand-built LRU, per
 * strategy, on the 2.6.35 era the writing strategies were proposed for. Inode A has dirty pages 2, 4, 5, 6, 7
 * and 9; inode B a dirty page 0. The inactive list holds, from its tail, A5, A4, A6, B0; A2, A7 and A9
 * are active (3 active against 4 inactive: no refill). Nothing is referenced. The expected dispatches
 * (sector, bytes) at time 0 follow from each strategy's rule; a fresh file's first extent is
 * contiguous, so page i of a file sits 8 i sectors after its page 0.
 */
class StrategyBatchTest {
    private static final long MS = 1_000_000L;
    private final EventLoop loop = new EventLoop();
    private FixedDelayQueue queue;
    private Machine m;
    private Kernel k;
    private Inode a;
    private Inode b;

    private void build(String strategy) {
        queue = new FixedDelayQueue(loop, null, 10 * MS, 1024);
        m = SmallKernel.machine(loop, queue, 32L << 20, c -> {
            c.strategy = strategy;
            c.kernel = KernelEra.V2_6_35; // the kernel the writing strategies were proposed for
            c.pageoutUnitPages = 16;
        });
        k = m.kernel;
        a = k.newFileInode();
        b = k.newFileInode();
        page(a, 5, false);
        page(a, 4, false);
        page(a, 6, false);
        page(b, 0, false);
        page(a, 2, true);
        page(a, 7, true);
        page(a, 9, true);
    }

    private void page(Inode inode, long index, boolean active) {
        int p = SmallKernel.dirtyPage(k, inode, index);
        if (active) {
            k.cache.activatePage(p);
        }
    }

    /** Runs one direct reclaim for 1 ms (the first writes complete at 10 ms) and returns the dispatches. */
    private List<String> reclaimOnce() {
        StepTask t = new StepTask(loop, "direct", 7);
        Reclaimer r = new Reclaimer(m.pgdat, t);
        r.start(false, 32, null, 0); // priority 0: the whole inactive list (4 pages) is one batch
        t.step = r::step;
        t.start();
        loop.runUntil(MS);
        List<String> out = new ArrayList<>();
        for (long[] d : queue.dispatched) {
            out.add(name(d[1]) + ":" + d[2] / 4096 + ":" + IoOrigin.values()[(int) d[4]].label());
        }
        return out;
    }

    /** "A4" for the first sector of A's page 4. */
    private String name(long sector) {
        for (Inode i : new Inode[] {a, b}) {
            long off = sector - i.blocks.sector(0);
            if (off >= 0 && off < 8 * 64 && off % 8 == 0) {
                return (i == a ? "A" : "B") + off / 8;
            }
        }
        return "?" + sector;
    }

    @Test
    void writepageWritesEachPageAloneInLruOrder() {
        build("writepage");
        assertThat(reclaimOnce()).containsExactly("A5:1:reclaim", "A4:1:reclaim", "A6:1:reclaim", "B0:1:reclaim");
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_WRITE)).isEqualTo(4);
        assertThat(k.writtenBy(IoOrigin.RECLAIM)).isEqualTo(4);
        assertThat(k.vmstat.get(VmItem.VMSCAN_WRITE_DIRECT)).isEqualTo(4); // a direct reclaimer wrote them
        assertThat(k.vmstat.get(VmItem.VMSCAN_WRITE_KSWAPD)).isZero();
    }

    @Test
    void rangeWritepagesWritesTheBatchRunsOfEachInode() {
        build("range-writepages");
        // A's batch pages 4, 5, 6 are one run (A7 is not in the batch); then B's page 0
        assertThat(reclaimOnce()).containsExactly("A4:3:reclaim", "B0:1:reclaim");
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_WRITE)).isEqualTo(4);
        assertThat(k.hazards.count(HazardKind.IPUT_FINAL_IN_RECLAIM)).isZero();
    }

    @Test
    void writeAroundWritesTheDirtyRunAroundTheTargetLockingDownwards() {
        build("write-around");
        // target A5: down to A4 (A3 absent), up to A6, A7 (A8 absent) -> A4..A7; A4 and A6 are then
        // under writeback; B0 alone
        assertThat(reclaimOnce()).containsExactly("A4:4:reclaim", "B0:1:reclaim");
        assertThat(k.hazards.count(HazardKind.LOCK_ORDER)).isEqualTo(1); // A4 locked while holding A5
        assertThat(k.hazards.first(HazardKind.LOCK_ORDER).subject()).isEqualTo("inode " + a.ino + " index 4");
        // each write-around updates writeback_index after its last unlock, without a reference
        assertThat(k.hazards.count(HazardKind.MAPPING_AFTER_UNLOCK)).isEqualTo(2);
        assertThat(k.hazards.count(HazardKind.USE_AFTER_FREE)).isZero();
        assertThat(a.mapping.writebackIndex).isEqualTo(8);
    }

    @Test
    void writeAheadWritesOnlyForwardFromTheTarget() {
        build("write-ahead");
        // A5 with A6, A7 (A8 absent); then A4 alone (A5 is under writeback); A6 kept; B0 alone
        assertThat(reclaimOnce()).containsExactly("A5:3:reclaim", "A4:1:reclaim", "B0:1:reclaim");
        for (HazardKind h : HazardKind.values()) {
            assertThat(k.hazards.count(h)).as(h.label()).isZero();
        }
    }

    @Test
    void flusherPageoutLeavesTheWritingToTheFlusher() {
        build("flusher-pageout");
        m.bdi.start();
        // A5 queues a work for A's unit 0..15, A4 and A6 merge into it; B0 queues one for B's 0..15.
        // The flusher writes A's dirty pages in 0..15 as disk-contiguous bios: 2, 4..7, 9; then B0
        assertThat(reclaimOnce()).containsExactly("A2:1:flusher-pageout", "A4:4:flusher-pageout", "A9:1:flusher-pageout",
                "B0:1:flusher-pageout");
        FlusherPageout s = (FlusherPageout) m.strategy;
        assertThat(s.worksQueued()).isEqualTo(2);
        assertThat(s.pagesMerged()).isEqualTo(2);
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_WRITE)).isZero();
        assertThat(k.writtenBy(IoOrigin.FLUSHER_PAGEOUT)).isEqualTo(7);
    }

    @Test
    void noReclaimWritebackWritesNothingAndMarksThePages() {
        build("no-reclaim-writeback");
        assertThat(reclaimOnce()).isEmpty();
        assertThat(k.vmstat.get(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM)).isEqualTo(4);
        assertThat(k.dirtyPages()).isEqualTo(7);
    }
}
