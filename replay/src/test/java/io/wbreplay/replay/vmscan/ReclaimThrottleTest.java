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
import io.wbreplay.replay.sim.Hz;
import org.junit.jupiter.api.Test;

/**
 * skip_throttle_noprogress() (5.16+): a CONGESTED or NOPROGRESS reclaim_throttle() is skipped, without
 * a sleep or an mm_vmscan_throttled event, on a hopeless node (kswapd_failures >= MAX_RECLAIM_RETRIES)
 * and while 2 x the pages waiting for writeback (dirty or under writeback) are at most the reclaimable
 * ones; WRITEBACK throttles regardless.
 */
class ReclaimThrottleTest {
    private static final long MS = 1_000_000L;
    private final EventLoop loop = new EventLoop();
    private final Machine m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 10 * MS, 1024), 64L << 20, c -> {
        c.kernel = KernelEra.V6_X;
        SmallKernel.oneZone(c);
    });
    private final Kernel k = m.kernel;
    private final StepTask task = new StepTask(loop, "writer", 7);

    /** {@code dirty} dirty pages and {@code clean} clean ones on the LRU. */
    private void pages(int dirty, int clean) {
        Inode inode = k.newFileInode();
        for (int i = 0; i < dirty + clean; i++) {
            SmallKernel.page(k, inode, i, true, i < dirty);
        }
    }

    /** {@code n} dirty pages, each locked by another task: every reclaimer's trylock fails, nothing is freed. */
    private void lockedDirtyPages(int n) {
        Inode inode = k.newFileInode();
        for (int i = 0; i < n; i++) {
            int p = SmallKernel.page(k, inode, i, true, true);
            assertThat(k.cache.trylockPage(p)).isTrue();
        }
    }

    @Test
    void halfTheFilePagesDirtyIsNotYetAReasonToWait() {
        pages(50, 50); // 2 x 50 <= 100
        assertThat(m.pgdat.throttle.reclaimThrottle(task, VmItem.THROTTLED_NOPROGRESS, null)).isFalse();
        assertThat(m.pgdat.throttle.reclaimThrottle(task, VmItem.THROTTLED_CONGESTED, null)).isFalse();
        assertThat(k.vmstat.get(VmItem.THROTTLED_NOPROGRESS) + k.vmstat.get(VmItem.THROTTLED_CONGESTED)).isZero();
    }

    @Test
    void moreThanHalfDirtyThrottlesOneJiffy() {
        pages(51, 49); // 2 x 51 > 100
        assertThat(m.pgdat.throttle.reclaimThrottle(task, VmItem.THROTTLED_NOPROGRESS, null)).isTrue();
        assertThat(k.vmstat.get(VmItem.THROTTLED_NOPROGRESS)).isEqualTo(1);
    }

    @Test
    void writebackThrottlesWhateverIsDirty() {
        pages(0, 100);
        assertThat(m.pgdat.throttle.reclaimThrottle(task, VmItem.THROTTLED_WRITEBACK, null)).isTrue();
        assertThat(k.vmstat.get(VmItem.THROTTLED_WRITEBACK)).isEqualTo(1);
    }

    /**
     * 16100 dirty pages, each locked by another task, leave 284 of the 64 MiB machine's 16384 frames
     * free, under kswapd's high watermark (384, KswapdPriorityTest): every kswapd run frees nothing, and
     * after MAX_RECLAIM_RETRIES (16) of them the node is hopeless. Before that a CONGESTED throttle
     * sleeps (2 x 16100 > 16100); after it, none does.
     */
    @Test
    void aHopelessNodeIsNotThrottled() {
        lockedDirtyPages(16100);
        task.step = () -> true; // woken after its jiffy, it is done
        assertThat(m.pgdat.throttle.reclaimThrottle(task, VmItem.THROTTLED_CONGESTED, null)).isTrue();
        m.pgdat.kswapd.start();
        loop.runUntil(1000 * MS); // 16 runs over 16,100 pages at 231 ns a scanned page: well within
        assertThat(k.vmstat.get(VmItem.PAGEOUTRUN)).isEqualTo(16);
        StepTask other = new StepTask(loop, "other", 8);
        assertThat(m.pgdat.throttle.reclaimThrottle(other, VmItem.THROTTLED_CONGESTED, null)).isFalse();
        assertThat(m.pgdat.throttle.reclaimThrottle(other, VmItem.THROTTLED_NOPROGRESS, null)).isFalse();
        assertThat(k.vmstat.get(VmItem.THROTTLED_CONGESTED)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.THROTTLED_NOPROGRESS)).isZero();
    }

    /**
     * too_many_isolated() (5.16+): a direct reclaimer that may do I/O and enter the file system waits
     * while more pages are isolated than an eighth of the inactive list (64 > 500 / 8 = 62); a GFP_NOFS
     * one only beyond the whole list. reclaim_throttle(ISOLATED) sleeps up to HZ/50 (5 jiffies, to a tick), and a
     * reclaimer that finds few enough isolated (32 <= 62) wakes it at once. One CPU: its stat_threshold
     * for 64 MiB, 2 x fls(1) x (1 + fls(0)) = 2, passes every batch to node_page_state() at once.
     */
    @Test
    void aDirectReclaimerWaitsForTheOthersIsolatedPages() {
        ReclaimThrottle t = m.pgdat.throttle;
        StepTask kswapd = new StepTask(loop, "reclaimer", 9);
        t.isolated(kswapd, 64);
        assertThat(t.tooManyIsolated(500, true)).isTrue();
        assertThat(t.tooManyIsolated(500, false)).isFalse();
        task.step = () -> true;
        StepTask other = new StepTask(loop, "other", 8);
        other.step = () -> true;
        assertThat(t.reclaimThrottle(task, VmItem.THROTTLED_ISOLATED, null)).isTrue();
        loop.runUntil(5 * MS);
        assertThat(task.doneAtNs).isEqualTo(-1);
        t.isolated(kswapd, -32);
        assertThat(t.tooManyIsolated(500, true)).isFalse();
        loop.runUntil(6 * MS);
        assertThat(task.doneAtNs).isEqualTo(5 * MS);

        t.isolated(kswapd, 32);
        assertThat(t.reclaimThrottle(other, VmItem.THROTTLED_ISOLATED, null)).isTrue();
        // nobody checks: the whole HZ/50, 5 jiffies from jiffies 1 (6 ms), which the timer wheel ends
        // at the tick that makes jiffies 1 + 5 + 1 (ScheduleTimeout)
        loop.runUntil(100 * MS);
        assertThat(other.doneAtNs).isEqualTo(7 * 4 * MS);
        assertThat(k.vmstat.get(VmItem.THROTTLED_ISOLATED)).isEqualTo(2);
    }

    /**
     * shrink_node() naps on CONGESTED when the node is congested, and shrink_zones() then calls
     * consider_reclaim_throttle(), which naps on NOPROGRESS at priority 1 when nothing was freed: both
     * in the same pass. 16,100 dirty pages, each locked by another task, so that every trylock fails
     * and nothing is freed; kswapd has marked the node congested. A direct reclaim of 32 pages runs
     * priorities 12 to 0 (13 shrink_node() calls, one CONGESTED nap each, and one NOPROGRESS nap after
     * priority 1), frees nothing, and 6.11+ do_try_to_free_pages() retries once with a full memcg walk
     * (the active list is empty, so no pass skipped deactivation and there is no second retry):
     * 26 CONGESTED and 2 NOPROGRESS naps of one jiffy each.
     */
    @Test
    void aCongestedPassAtPriorityOneThatFreedNothingAlsoNapsOnNoprogress() {
        lockedDirtyPages(16100);
        k.zone.flagCongested = true;
        Reclaimer r = new Reclaimer(m.pgdat, task);
        r.start(false, 32, null);
        task.step = r::step;
        task.start();
        loop.runUntil(1000 * MS);
        assertThat(task.doneAtNs).isGreaterThanOrEqualTo(28 * Hz.JIFFY_NS);
        assertThat(r.scanControl().nrReclaimed).isZero();
        assertThat(k.vmstat.get(VmItem.THROTTLED_CONGESTED)).isEqualTo(26);
        assertThat(k.vmstat.get(VmItem.THROTTLED_NOPROGRESS)).isEqualTo(2);
        assertThat(k.vmstat.get(VmItem.DIRECT_RECLAIM_UNTHROTTLED)).isZero(); // it napped in its call
    }

    /**
     * The same direct reclaim of 32 pages on a node not flagged congested, over 100 clean inactive pages:
     * nothing to nap on, so the call counts as never throttled (the trace's begin and end with no
     * mm_vmscan_throttled between them). Each priority scans the list as it is then >> p: 12 to 7 none,
     * 6 to 2 1 of 100, 3 of 99, 6 of 96, 11 of 90 and 19 of 79, each freed: after priority 2 the call has
     * freed 40 >= 32 and ends. Another task's call is not the workload's and is not counted.
     */
    @Test
    void aDirectReclaimThatNeverNapsCountsAsUnthrottled() {
        pages(0, 100);
        Reclaimer r = new Reclaimer(m.pgdat, task);
        r.start(false, 32, null);
        task.step = r::step;
        task.start();
        loop.runUntil(1000 * MS);
        assertThat(r.scanControl().nrReclaimed).isEqualTo(40);
        assertThat(k.vmstat.get(VmItem.DIRECT_RECLAIM_UNTHROTTLED)).isEqualTo(1);

        StepTask other = new StepTask(loop, "other", 8);
        Reclaimer o = new Reclaimer(m.pgdat, other);
        o.start(false, 32, null);
        o.scanControl().otherTask = true;
        other.step = o::step;
        other.start();
        loop.runUntil(2000 * MS);
        assertThat(o.scanControl().nrReclaimed).isPositive();
        assertThat(k.vmstat.get(VmItem.DIRECT_RECLAIM_UNTHROTTLED)).isEqualTo(1);
        assertThat(k.vmstat.get(VmItem.THROTTLED_CONGESTED) + k.vmstat.get(VmItem.THROTTLED_NOPROGRESS)
                + k.vmstat.get(VmItem.THROTTLED_ISOLATED)).isZero();
    }
}
