package io.wbreplay.replay.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * When a direct reclaimer stops scanning (6.x shrink_lruvec() and do_try_to_free_pages()): at
 * DEF_PRIORITY it scans its whole share of the list (proportional_reclaim: "it is best to do a batch of
 * work at once"); below DEF_PRIORITY it stops once this call has reclaimed nr_to_reclaim (its local
 * nr_reclaimed); after each priority do_try_to_free_pages() stops once the whole reclaim has. The file
 * LRU's inactive tail is set page by page; the counts follow from lru_size >> priority and
 * SWAP_CLUSTER_MAX batches.
 */
class DirectReclaimEarlyStopTest {
    private static final long MS = 1_000_000L;
    private final EventLoop loop = new EventLoop();

    private Machine machine(long memoryBytes) {
        return SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 10 * MS, 1024), memoryBytes, c -> {
            c.kernel = KernelEra.V6_X;
            SmallKernel.oneZone(c);
        });
    }

    /** Adds {@code n} clean (or dirty) pages of {@code inode} from {@code index} on, oldest first. */
    private static long add(Kernel k, Inode inode, long index, int n, boolean dirty) {
        for (int i = 0; i < n; i++) {
            SmallKernel.page(k, inode, index++, true, dirty);
        }
        return index;
    }

    private Reclaimer reclaim(Machine m) {
        StepTask task = new StepTask(loop, "writer", 7);
        Reclaimer r = new Reclaimer(m.pgdat, task);
        r.start(false, ScanControl.SWAP_CLUSTER_MAX, null);
        task.step = r::step;
        task.start();
        loop.runUntil(100 * MS);
        assertThat(task.doneAtNs).isNotNegative();
        return r;
    }

    /**
     * 300,000 clean pages on the inactive list: DEF_PRIORITY's share is 300,000 >> 12 = 73 pages, all
     * scanned and freed although 32 were asked for (batches of 32, 32, 9); 73 >= 32, so no second
     * priority. Stopping at the goal would have freed 32.
     */
    @Test
    void atDefPriorityTheWholeShareIsScanned() {
        Machine m = machine(1536L << 20);
        add(m.kernel, m.kernel.newFileInode(), 0, 300_000, false);
        Reclaimer r = reclaim(m);
        assertThat(r.scanControl().nrReclaimed).isEqualTo(73);
        assertThat(m.kernel.vmstat.get(VmItem.PGSCAN_DIRECT)).isEqualTo(73);
    }

    /**
     * 123,000 pages, from the tail: 30 clean, 2 clean, 30 dirty, 28 clean, the rest clean. DEF_PRIORITY
     * scans 123,000 >> 12 = 30 and frees them (30 < 32: on). Priority 11 scans 122,970 >> 11 = 60: the
     * first batch of 32 frees 2 (the 30 dirty ones are activated for the flusher), which makes the
     * reclaim's total 32 but this call's 2, so the call goes on; the second batch frees 28 (the call's
     * 30); the share is done, and the total, 60, ends the reclaim. Scanned 30 + 60 = 90. On the whole
     * reclaim's count it would have stopped after the first batch of priority 11: 32 freed, 62 scanned.
     */
    @Test
    void belowDefPriorityACallStopsOnWhatItReclaimedItself() {
        Machine m = machine(512L << 20);
        Kernel k = m.kernel;
        Inode inode = k.newFileInode();
        long i = add(k, inode, 0, 32, false);
        i = add(k, inode, i, 30, true);
        i = add(k, inode, i, 28, false);
        add(k, inode, i, 123_000 - 90, false);
        Reclaimer r = reclaim(m);
        assertThat(r.scanControl().nrReclaimed).isEqualTo(60);
        assertThat(k.vmstat.get(VmItem.PGSCAN_DIRECT)).isEqualTo(90);
    }
}
