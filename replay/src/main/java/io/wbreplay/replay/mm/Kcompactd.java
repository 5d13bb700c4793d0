package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.ScheduleTimeout;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;

/**
 * mm/compaction.c kcompactd(): the node's compaction thread. wakeup_kcompactd() notes the order and
 * the highest zone asked for, and wakes it only while it sleeps (wq_has_sleeper()) and some zone would
 * gain (kcompactd_node_suitable()); kcompactd_do_work() then compacts, MIGRATE_SYNC_LIGHT, each zone up
 * to that one that is not deferred and lacks a free block of the order. Its rounds take their measured
 * CPU time ({@link Compaction#workPs}) one after another while the machine runs on: the free blocks it
 * has isolated stay out of the free lists meanwhile, and allocations in between may leave it none to
 * take. An order noted while it worked, or while it slept without being woken, is taken up when it
 * finishes or at its next timeout (HPAGE_FRAG_CHECK_INTERVAL_MSEC). Proactive compaction is not
 * modelled. docs/kernel-eras.md, "kcompactd in time".
 */
public final class Kcompactd extends Task {
    private static final int PID = 4;
    /** HPAGE_FRAG_CHECK_INTERVAL_MSEC: kcompactd's sleep before it looks again, 500 ms. */
    private static final long CHECK_INTERVAL_JIFFIES = Hz.HZ / 2;

    private final Compaction compaction;
    private final VmStat vmstat;
    private final int nrZones;
    private final boolean timerRoundsUp;
    private final WaitQueue wait = new WaitQueue("kcompactd_wait");
    /** pgdat->kcompactd_max_order and pgdat->kcompactd_highest_zoneidx. */
    private int maxOrder;
    private int highestZoneidx;
    /** The running kcompactd_do_work(): its order and highest zone, the zone it is at (-1: none), that zone's compaction. */
    private int order;
    private int workHighest;
    private int zoneid = -1;
    private CompactControl cc;

    public Kcompactd(EventLoop loop, Compaction compaction, VmStat vmstat, int nrZones, int cpu, boolean timerRoundsUp) {
        super(loop, "kcompactd0", PID);
        this.compaction = compaction;
        this.vmstat = vmstat;
        this.nrZones = nrZones;
        this.timerRoundsUp = timerRoundsUp;
        this.highestZoneidx = nrZones - 1;
        setCpu(cpu);
    }

    /** wakeup_kcompactd(). */
    public void wakeup(int order, int highestZoneidx) {
        if (order == 0) {
            return;
        }
        maxOrder = Math.max(maxOrder, order);
        this.highestZoneidx = Math.min(this.highestZoneidx, highestZoneidx);
        if (waitingOn() != wait || !compaction.nodeSuitable(maxOrder, this.highestZoneidx)) {
            return;
        }
        wait.wakeAll();
    }

    @Override
    protected void run(long nowNs) {
        while (true) {
            if (cc != null) {
                long work = compaction.workPs();
                long migrateScanned = vmstat.get(VmItem.COMPACT_MIGRATE_SCANNED);
                long freeScanned = vmstat.get(VmItem.COMPACT_FREE_SCANNED);
                int status = compaction.round(cc); // done at once, then its time passes
                vmstat.add(VmItem.COMPACT_DAEMON_MIGRATE_SCANNED, vmstat.get(VmItem.COMPACT_MIGRATE_SCANNED) - migrateScanned);
                vmstat.add(VmItem.COMPACT_DAEMON_FREE_SCANNED, vmstat.get(VmItem.COMPACT_FREE_SCANNED) - freeScanned);
                if (status != Compaction.COMPACT_CONTINUE) {
                    compaction.end(cc);
                    compaction.kcompactdZoneDone(zoneid, order, status);
                    cc = null;
                    zoneid++;
                }
                long ns = (compaction.workPs() - work) / 1_000;
                if (ns > 0) {
                    sleepFor(ns, null); // the round's CPU time
                    return;
                }
                continue;
            }
            if (zoneid >= 0) {
                while (zoneid <= workHighest && !compaction.kcompactdSuitable(zoneid, order)) {
                    zoneid++;
                }
                if (zoneid <= workHighest) {
                    cc = compaction.begin(zoneid, order, false, false);
                    continue;
                }
                zoneid = -1; // kcompactd_do_work()'s end: what was asked meanwhile stays asked
                if (maxOrder <= order) {
                    maxOrder = 0;
                }
                if (highestZoneidx >= workHighest) {
                    highestZoneidx = nrZones - 1;
                }
            }
            if (maxOrder > 0) { // kcompactd_work_requested()
                order = maxOrder;
                workHighest = highestZoneidx;
                zoneid = 0;
                vmstat.inc(VmItem.COMPACT_DAEMON_WAKE);
                continue;
            }
            sleepOnFor(wait, ScheduleTimeout.sleepNs(nowNs, CHECK_INTERVAL_JIFFIES, timerRoundsUp), null);
            return;
        }
    }
}
