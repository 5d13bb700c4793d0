package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Lru;
import io.wbreplay.replay.mm.NodePageState;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.ScheduleTimeout;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;
import java.util.function.BooleanSupplier;

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
    private final WaitQueue isolatedWait = new WaitQueue("reclaim_wait[ISOLATED]");
    /** NR_ISOLATED_FILE: the pages every reclaimer's current batch holds off the LRU, per CPU. */
    private final NodePageState isolatedFile;
    private final WaitQueue congestionWait = new WaitQueue("congestion_wqh[BLK_RW_ASYNC]");
    private long writtenSinceThrottle;
    /** kswapd_test_hopeless(): kswapd has given the node up. */
    private final BooleanSupplier kswapdHopeless;

    public ReclaimThrottle(Kernel k, BooleanSupplier kswapdHopeless) {
        this.k = k;
        this.kswapdHopeless = kswapdHopeless;
        this.isolatedFile = new NodePageState(k.config.cpus, k.zonePages());
        k.onWritebackEnd((n, inodesEnded, nowNs) -> writebackEnded(n));
    }

    /** Written pages ended writeback: wake the throttled waiters when enough have (and congestion is over). */
    private void writebackEnded(int n) {
        // acct_reclaim_writeback(): while reclaimers are throttled, NR_THROTTLED_WRITTEN counts the pages
        // written since the first of them slept (nr_reclaim_start); more than SWAP_CLUSTER_MAX per waiter wakes them
        if (!reclaimThrottleWait.isEmpty()) {
            writtenSinceThrottle += n;
            if (writtenSinceThrottle > THROTTLE_WAKE_PAGES * reclaimThrottleWait.size()) {
                reclaimThrottleWait.wakeAll();
            }
        }
        if (!congestionWait.isEmpty() && !k.queue.writeCongested()) { // clear_bdi_congested() wakes congestion_wait()
            congestionWait.wakeAll();
        }
    }

    /** reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK): sleep up to {@code ns}, woken early as writeback completes. */
    public void reclaimThrottle(Task task, long ns, StallCause cause) {
        startWritebackThrottle();
        task.sleepOnFor(reclaimThrottleWait, ns, cause);
    }

    /** The first throttled reclaimer sets nr_reclaim_start: the count of written pages starts again. */
    private void startWritebackThrottle() {
        if (reclaimThrottleWait.isEmpty()) {
            writtenSinceThrottle = 0;
        }
    }

    /**
     * mm/vmscan.c reclaim_throttle() (5.16+), counted as mm_vmscan_throttled: WRITEBACK sleeps up to
     * HZ/10, woken early as writeback completes; ISOLATED up to HZ/50, woken when a reclaimer finds
     * few enough pages isolated; CONGESTED and NOPROGRESS sleep one jiffy, unless
     * skip_throttle_noprogress() says not to (no sleep, no event). True if the task now sleeps.
     */
    public boolean reclaimThrottle(Task task, VmItem reason, StallCause cause) {
        if (reason == VmItem.THROTTLED_ISOLATED) { // HZ/50, woken by wake_throttle_isolated()
            k.vmstat.inc(reason);
            task.sleepOnFor(isolatedWait, timeout(Hz.HZ / 50), cause);
            return true;
        }
        if (reason == VmItem.THROTTLED_WRITEBACK) {
            k.vmstat.inc(reason);
            startWritebackThrottle();
            task.sleepOnFor(reclaimThrottleWait, timeout(Hz.HZ / 10), cause);
            return true;
        }
        if (skipThrottleNoprogress()) {
            return false;
        }
        k.vmstat.inc(reason);
        task.sleepOnFor(otherThrottleWait, timeout(1), cause);
        return true;
    }

    /**
     * isolate_lru_folios() took {@code n} pages off the LRU for {@code task}'s batch (n < 0: the batch put
     * them back), counted in the task's per-CPU delta.
     */
    public void isolated(Task task, int n) {
        isolatedFile.mod(task, n, k.loop.now());
    }

    /**
     * too_many_isolated() for a direct reclaimer's file batch (kswapd never waits): more pages isolated,
     * as node_page_state() has them (the CPUs' deltas below the stat threshold unseen), than the inactive
     * list holds, an eighth of it for a caller that may do I/O and enter the file system (GFP_NOIO/GFP_NOFS
     * callers may isolate more, so that they are not blocked by the others);
     * when not, the tasks throttled on it are woken (wake_throttle_isolated()).
     */
    public boolean tooManyIsolated(long inactive, boolean ioFs) {
        boolean tooMany = isolatedFile.read(k.loop.now()) > (ioFs ? inactive >> 3 : inactive);
        if (!tooMany && !isolatedWait.isEmpty()) {
            isolatedWait.wakeAll();
        }
        return tooMany;
    }

    /**
     * skip_throttle_noprogress(): no CONGESTED or NOPROGRESS nap on a hopeless node ("the system is
     * likely near OOM"), nor while at most half the reclaimable pages wait for writeback
     * (2 x NR_ZONE_WRITE_PENDING <= zone_reclaimable_pages(), summed over the zones). Simplification:
     * the reclaimable pages are the node's file LRU (no swap; the kernel counts a zone without LRU pages
     * by its free pages).
     */
    private boolean skipThrottleNoprogress() {
        if (kswapdHopeless.getAsBoolean()) {
            return true;
        }
        long reclaimable = (long) k.cache.lru.size(Lru.INACTIVE) + k.cache.lru.size(Lru.ACTIVE);
        long writePending = k.vmstat.get(VmItem.NR_DIRTY) + k.vmstat.get(VmItem.NR_WRITEBACK);
        return 2 * writePending <= reclaimable;
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
        task.sleepOnFor(congestionWait, timeout(Hz.HZ / 10), cause);
    }

    /** How long a schedule_timeout() of {@code jiffies} called now sleeps unless woken: to a tick of the era's timer wheel. */
    private long timeout(long jiffies) {
        return ScheduleTimeout.sleepNs(k.loop.now(), jiffies, k.config.kernel.timerWheelRoundsUp());
    }
}
