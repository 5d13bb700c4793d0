package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;

/**
 * How reclaim waits for writeback: mm/vmscan.c reclaim_throttle() on the node's reclaim_wait queues,
 * woken early by __acct_reclaim_writeback() as written pages complete, and mm/backing-dev.c
 * congestion_wait() / wait_iff_congested(), woken when the queue leaves write congestion.
 */
public final class ReclaimThrottle {
    /** The number of pages reclaim's throttled tasks wait to see written before waking early. */
    private static final int THROTTLE_WAKE_PAGES = 32;

    private final Kernel k;
    private final WaitQueue reclaimThrottleWait = new WaitQueue("reclaim_wait[WRITEBACK]");
    private final WaitQueue otherThrottleWait = new WaitQueue("reclaim_wait[CONGESTED]");
    private final WaitQueue congestionWait = new WaitQueue("congestion_wqh[BLK_RW_ASYNC]");
    private long writtenSinceThrottle;

    public ReclaimThrottle(Kernel k) {
        this.k = k;
        k.onWritebackEnd((n, nowNs) -> writebackEnded(n));
    }

    /** Written pages ended writeback: wake the throttled waiters when enough have (and congestion is over). */
    private void writebackEnded(int n) {
        // __acct_reclaim_writeback(): throttled reclaimers wake once SWAP_CLUSTER_MAX pages per waiter are written
        writtenSinceThrottle += n;
        if (writtenSinceThrottle >= THROTTLE_WAKE_PAGES * Math.max(1, reclaimThrottleWait.size())) {
            writtenSinceThrottle = 0;
            reclaimThrottleWait.wakeAll();
        }
        if (!congestionWait.isEmpty() && !k.queue.writeCongested()) { // clear_bdi_congested() wakes congestion_wait()
            congestionWait.wakeAll();
        }
    }

    /** reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK): sleep up to {@code ns}, woken early as writeback completes. */
    public void reclaimThrottle(Task task, long ns, StallCause cause) {
        task.sleepOnFor(reclaimThrottleWait, ns, cause);
    }

    /**
     * mm/vmscan.c reclaim_throttle() (5.16+), counted as mm_vmscan_throttled: WRITEBACK sleeps up to
     * HZ/10, woken early as writeback completes; CONGESTED and NOPROGRESS sleep one jiffy.
     */
    public void reclaimThrottle(Task task, VmItem reason, StallCause cause) {
        k.vmstat.inc(reason);
        if (reason == VmItem.THROTTLED_WRITEBACK) {
            task.sleepOnFor(reclaimThrottleWait, Hz.HZ_10_NS, cause);
        } else {
            task.sleepOnFor(otherThrottleWait, Hz.JIFFY_NS, cause);
        }
    }

    /**
     * mm/backing-dev.c congestion_wait(BLK_RW_ASYNC, HZ/10): sleep until the queue leaves write
     * congestion or HZ/10 passes (the full HZ/10 if it was never congested); wait_iff_congested() (3.2)
     * only sleeps while the queue is congested.
     */
    public void congestionWait(Task task, boolean onlyIfCongested, StallCause cause) {
        if (onlyIfCongested && !k.queue.writeCongested()) {
            return;
        }
        k.vmstat.inc(VmItem.THROTTLED_CONGESTED);
        task.sleepOnFor(congestionWait, Hz.HZ_10_NS, cause);
    }
}
