package io.wbreplay.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.driver.ReplayOptions;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.driver.Replayer;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.vmscan.Reclaimer;
import io.wbreplay.replay.writeback.WbWork;
import io.wbreplay.traces.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The era rules of docs/kernel-eras.md, each checked on values worked out by hand from the kernel
 * function it models (quoted in each test), not from the model's output.
 */
class EraMechanismsTest {
    private static final long MS = 1_000_000L;
    private static final long GB_PAGES = 1L << (30 - Zone.PAGE_SHIFT); // 262144

    /**
     * inactive_file_is_low() until 4.10: active > inactive. inactive_is_low() since: gb = (inactive +
     * active) >> (30 - PAGE_SHIFT); ratio = gb ? int_sqrt(10 * gb) : 1; low while inactive * ratio < active.
     */
    @Test
    void inactiveListSizing() {
        assertThat(Reclaimer.inactiveIsLow(100, 101, KernelEra.V3_2)).isTrue();
        assertThat(Reclaimer.inactiveIsLow(100, 100, KernelEra.V3_2)).isFalse();
        // exactly 1 GiB of file pages: gb 1, int_sqrt(10) = 3; a quarter inactive is the balance point
        assertThat(Reclaimer.inactiveIsLow(GB_PAGES / 4, 3 * GB_PAGES / 4, KernelEra.V6_X)).isFalse();
        assertThat(Reclaimer.inactiveIsLow(GB_PAGES / 4 - 1, 3 * GB_PAGES / 4 + 1, KernelEra.V6_X)).isTrue();
        // below 1 GiB gb is 0 and the ratio 1, as before 4.11
        assertThat(Reclaimer.inactiveIsLow(1000, 1001, KernelEra.V6_X)).isTrue();
        assertThat(Reclaimer.inactiveIsLow(1000, 1000, KernelEra.V6_X)).isFalse();
        // 4 GiB and a little more: gb 4, int_sqrt(40) = 6 (not 6.32): 149,797 inactive pages balance
        // 6 x 149,797 active ones (7 x 149,797 = 1,048,579 pages, just over 4 GiB)
        assertThat(Reclaimer.inactiveIsLow(149_797, 6 * 149_797, KernelEra.V6_X)).isFalse();
        assertThat(Reclaimer.inactiveIsLow(149_797, 6 * 149_797 + 1, KernelEra.V6_X)).isTrue();
        // one page fewer in all and gb is 3: int_sqrt(30) = 5, so the same lists are now low
        assertThat(Reclaimer.inactiveIsLow(149_796, 6 * 149_796, KernelEra.V6_X)).isTrue();
    }

    /**
     * generic_perform_write() called mark_page_accessed() on every page it copied into until 3.15 (and
     * FGP_ACCESSED until 4.7): the first write of a page sets PG_referenced, the second, finding it
     * inactive and referenced, activates it. From 4.7 writes leave the page inactive.
     */
    @Test
    void aPageIsActivatedByItsSecondWriteOnlyWhereWritesMarkPagesAccessed() throws Exception {
        assertThat(activeAfterWrites(KernelEra.V2_6_35, 2)).isEqualTo(1);
        assertThat(activeAfterWrites(KernelEra.V3_2, 2)).isEqualTo(1);
        assertThat(activeAfterWrites(KernelEra.V2_6_35, 1)).isZero();
        assertThat(activeAfterWrites(KernelEra.V4_11, 2)).isZero();
        assertThat(activeAfterWrites(KernelEra.V6_X, 2)).isZero();
    }

    private static long activeAfterWrites(KernelEra era, int writes) throws Exception {
        CoreConfig c = new CoreConfig();
        c.kernel = era;
        ListTraceReader t = new ListTraceReader().fileOp(0, 7, Operation.OPEN, 0, 0, 0);
        for (int i = 0; i < writes; i++) {
            t.fileOp(i * MS, 7, Operation.WRITE, 0, 0, 4096);
        }
        t.fileOp(writes * MS, 7, Operation.CLOSE, 0, 0, 0);
        Replayer r = new Replayer(c, new ReplayOptions(), (loop, sink) -> new FixedDelayQueue(loop, sink, MS, 1024));
        RunResult res = r.run(t, false);
        return res.kernel().vmstat.get(VmItem.NR_ACTIVE_FILE);
    }

    /**
     * writeback_sb_inodes() before 3.2: each inode gets MAX_WRITEBACK_PAGES (1024) and, still dirty,
     * goes to b_more_io (requeue_io()); when b_io is empty queue_io() splices b_more_io back, oldest
     * first. Two inodes of 2500 dirty pages, A dirtied before B, are written A 0-1023, B 0-1023,
     * A 1024-2047, B 1024-2047, A 2048-2499, B 2048-2499.
     */
    @Test
    void theFlusherRotatesInodesBySlice() {
        EventLoop loop = new EventLoop();
        FixedDelayQueue q = new FixedDelayQueue(loop, null, MS, 1024);
        Machine m = SmallKernel.machine(loop, q, 256L << 20, c -> c.kernel = KernelEra.V2_6_35);
        Kernel k = m.kernel;
        Inode a = k.newFileInode();
        Inode b = k.newFileInode();
        for (long i = 0; i < 2500; i++) {
            SmallKernel.dirtyPage(k, a, i);
        }
        for (long i = 0; i < 2500; i++) {
            SmallKernel.dirtyPage(k, b, i);
        }
        WbWork w = new WbWork();
        w.nrPages = Long.MAX_VALUE;
        m.bdi.start();
        m.bdi.queueWork(w);
        loop.runUntil(10_000 * MS);
        List<String> slices = new ArrayList<>();
        String current = null;
        long first = 0;
        long last = 0;
        for (long[] d : q.dispatched) {
            String who = owner(a, d[1]) ? "A" : owner(b, d[1]) ? "B" : "?";
            long from = index(who.equals("A") ? a : b, d[1]);
            long to = from + d[2] / Zone.PAGE_SIZE - 1;
            if (!who.equals(current) || from != last + 1) {
                if (current != null) {
                    slices.add(current + " " + first + "-" + last);
                }
                current = who;
                first = from;
            }
            last = to;
        }
        slices.add(current + " " + first + "-" + last);
        assertThat(slices).containsExactly("A 0-1023", "B 0-1023", "A 1024-2047", "B 1024-2047", "A 2048-2499", "B 2048-2499");
    }

    private static boolean owner(Inode inode, long sector) {
        return index(inode, sector) >= 0;
    }

    /** The page index of {@code inode} at {@code sector}, or -1. */
    private static long index(Inode inode, long sector) {
        for (long i = 0; i < 2500; i++) {
            if (inode.blocks.sector(i) == sector) {
                return i;
            }
        }
        return -1;
    }
}
