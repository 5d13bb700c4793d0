package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;

/**
 * mm/vmscan.c kswapd() / balance_pgdat(): woken when free memory falls below the low watermark,
 * reclaims until it is above the high one (pageoutrun counts the runs); when a full pass makes no
 * progress it waits HZ/10 (congestion_wait()) and tries again. With zones (before 4.8) it sleeps once
 * no zone is below its high watermark; {@link Reclaimer} balances them zone by zone.
 */
public final class Kswapd extends Task {
    private final Kernel k;
    private final Reclaimer reclaimer;
    private final WaitQueue wait = new WaitQueue("kswapd_wait");
    private boolean reclaiming;

    public Kswapd(Pgdat pgdat) {
        super(pgdat.k.loop, "kswapd0", 1);
        this.k = pgdat.k;
        this.reclaimer = new Reclaimer(pgdat, this);
    }

    /** wakeup_kswapd(). */
    public void wake() {
        if (waitingOn() == wait) {
            k.vmstat.inc(VmItem.KSWAPD_WAKEUP);
            wait.wakeAll();
        }
    }

    /** A zone (or, without zones, the node) is below its high watermark (sleeping_prematurely()). */
    private boolean needsBalance() {
        return k.zones != null ? reclaimer.unbalancedZone() >= 0 : k.zone.freePages() < k.zone.highWmark();
    }

    public boolean running() {
        return reclaiming;
    }

    @Override
    protected void run(long nowNs) {
        while (true) {
            if (reclaiming) {
                if (!reclaimer.step()) {
                    return;
                }
                reclaiming = false;
                if (needsBalance()) {
                    if (reclaimer.scanControl().nrReclaimed == 0) {
                        sleepFor(Hz.HZ_10_NS, null); // congestion_wait(BLK_RW_ASYNC, HZ/10)
                        return;
                    }
                    continue;
                }
            }
            if (!needsBalance()) {
                k.zone.clearReclaimFlags(); // the node is balanced: clear_pgdat_congested()
                sleepOn(wait, null);
                return;
            }
            k.vmstat.inc(VmItem.PAGEOUTRUN);
            reclaimer.start(true, Long.MAX_VALUE, null);
            reclaiming = true;
        }
    }
}
