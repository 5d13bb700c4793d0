package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Compaction;
import io.wbreplay.replay.mm.GetPageFromFreelist;
import io.wbreplay.replay.mm.Kcompactd;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.ScheduleTimeout;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;

/**
 * mm/vmscan.c kswapd() / balance_pgdat(): woken when free memory falls below the low watermark,
 * reclaims until it is above the high one (pageoutrun counts the runs). When a full pass makes no
 * progress it waits HZ/10 (congestion_wait()) and tries again; from 4.11 it tries again at once and
 * counts pgdat->kswapd_failures instead, giving up after MAX_RECLAIM_RETRIES passes in a row until a
 * reclaim makes progress (Johannes Weiner, "mm: fix 100% CPU kswapd busyloop on unreclaimable nodes").
 * With an LRU per zone (before 4.8) it
 * sleeps once no zone is below its high watermark; {@link Reclaimer} balances them zone by zone. On a
 * node with zones and one LRU (4.8+) it reclaims until {@link PgdatBalanced} and then sleeps as
 * kswapd_try_to_sleep() does.
 */
public final class Kswapd extends Task {
    private enum Sleep { NONE, NAP, FULL }

    private final Kernel k;
    private final Reclaimer reclaimer;
    private final Kcompactd kcompactd;
    private final WaitQueue wait = new WaitQueue("kswapd_wait");
    private boolean reclaiming;
    /** 4.8+ with zones: how kswapd last went to sleep, and when its HZ/10 nap ends. */
    private Sleep sleep = Sleep.NONE;
    private long napEndNs;
    /** pgdat->kswapd_highest_zoneidx: the highest zone the wakers passed since the last run (-1: none). */
    private int wakeHighestZoneidx = -1;
    private int highestZoneidx;
    /** pgdat->kswapd_order: the largest order the wakers asked for since the last run. */
    private int wakeOrder;
    /** kswapd()'s alloc_order (what the run was woken for) and reclaim_order (what balance_pgdat() ended at). */
    private int allocOrder;
    private int reclaimOrder;
    /** pgdat->kswapd_failures: runs in a row that reclaimed nothing (4.11+). */
    private int failures;
    /** balance_pgdat()'s zone_boosts: each zone's watermark_boost when the run began (5.0+). */
    private final long[] zoneBoosts;
    private boolean boosted;

    public Kswapd(Pgdat pgdat) {
        super(pgdat.k.loop, "kswapd0", 1);
        this.k = pgdat.k;
        this.reclaimer = new Reclaimer(pgdat, this);
        this.kcompactd = pgdat.kcompactd;
        this.highestZoneidx = k.zones == null ? 0 : GetPageFromFreelist.highestZoneidx(k.zones);
        this.zoneBoosts = new long[k.zones == null ? 0 : k.zones.length];
        setCpu(k.config.cpus - 1); // the workload's tasks run on CPU 0
    }

    /** wakeup_kswapd() where the caller has checked the watermarks (before 4.8, or one zone). */
    public void wake() {
        if (waitingOn() == wait && !hopeless()) {
            k.vmstat.inc(VmItem.KSWAPD_WAKEUP);
            wait.wakeAll();
        }
    }

    /**
     * wake_all_kswapds() -> wakeup_kswapd() on a node with zones and one LRU (4.8+): records the highest
     * zone and the order the allocation asked for and wakes kswapd, from its nap too, unless the node is
     * balanced for that order (a free block that large above the high watermark) and no zone up to
     * {@code highestZoneidx} is boosted (pgdat_watermark_boosted(), 5.0+).
     */
    public void wakeAll(int highestZoneidx, int order) {
        wakeHighestZoneidx = Math.max(wakeHighestZoneidx, highestZoneidx);
        wakeOrder = Math.max(wakeOrder, order);
        if (waitingOn() == wait && !hopeless()
                && (!PgdatBalanced.balanced(k.zones, highestZoneidx, order) || watermarkBoosted(highestZoneidx))) {
            k.vmstat.inc(VmItem.KSWAPD_WAKEUP);
            wait.wakeAll();
        }
    }

    private boolean watermarkBoosted(int highestZoneidx) {
        for (int i = highestZoneidx; i >= 0; i--) {
            if (k.zones[i].watermarkBoost() > 0) {
                return true;
            }
        }
        return false;
    }

    /** shrink_node() reclaimed something, kswapd or a direct reclaimer: a dormant kswapd may be woken again. */
    void reclaimProgress() {
        failures = 0;
    }

    /**
     * The node is hopeless (kswapd_failures >= MAX_RECLAIM_RETRIES, kswapd_test_hopeless()): kswapd
     * sleeps, wakeups leave it to direct reclaim, and reclaim_throttle() skips its short naps.
     */
    boolean hopeless() {
        return failures >= PageAllocator.MAX_RECLAIM_RETRIES;
    }

    /** The highest zone of the current balance_pgdat() run (sc->reclaim_idx). */
    int highestZoneidx() {
        return highestZoneidx;
    }

    /** A zone (or, without zones, the node) is below its high watermark (sleeping_prematurely()). */
    private boolean needsBalance() {
        if (k.zones != null && !k.perZoneLru) {
            return !PgdatBalanced.balanced(k.zones, highestZoneidx, reclaimOrder);
        }
        return k.zones != null ? BalancePgdat.unbalancedZone(k.zones) >= 0 : k.zone.freePages() < k.zone.highWmark();
    }

    public boolean running() {
        return reclaiming;
    }

    @Override
    protected void run(long nowNs) {
        boolean nodeZones = k.zones != null && !k.perZoneLru;
        while (true) {
            if (reclaiming) {
                if (!reclaimer.step()) {
                    return;
                }
                reclaiming = false;
                if (k.pages.pcp() != null) {
                    k.pages.pcp().setReclaimActive(highestZoneidx, false); // clear_reclaim_active()
                }
                if (boosted) {
                    endBoostedRun();
                }
                int endOrder = reclaimer.scanControl().order;
                if (endOrder < allocOrder) {
                    reclaimOrder = endOrder; // balance_pgdat() dropped the order: kswapd_try_sleep with alloc_order kept
                } else {
                    allocOrder = wakeOrder; // the loop's top reads pgdat->kswapd_order again
                    reclaimOrder = wakeOrder;
                }
                boolean progress = reclaimer.scanControl().nrReclaimed > 0;
                boolean countsFailures = k.config.kernel.kswapdCountsFailures();
                if (countsFailures && !progress && !reclaimer.goalReached()) {
                    failures++; // balance_pgdat(): a run that found the node balanced skips it (goto out)
                }
                if (needsBalance()) {
                    if (!progress && !countsFailures) {
                        sleepFor(tenthOfASecond(nowNs), null); // congestion_wait(BLK_RW_ASYNC, HZ/10)
                        return;
                    }
                    if (!nodeZones && !hopeless()) {
                        continue;
                    }
                }
            }
            if (nodeZones) {
                if (kswapdTryToSleep(nowNs)) {
                    return;
                }
                highestZoneidx = wakeHighestZoneidx >= 0 ? wakeHighestZoneidx : highestZoneidx;
                wakeHighestZoneidx = -1;
                allocOrder = wakeOrder;
                wakeOrder = 0;
            } else {
                boolean balanced = !needsBalance();
                if (balanced || hopeless()) {
                    if (balanced) {
                        k.zone.clearReclaimFlags(); // the node is balanced: clear_pgdat_congested()
                    }
                    sleepOn(wait, null);
                    return;
                }
            }
            k.vmstat.inc(VmItem.PAGEOUTRUN);
            reclaimer.startBalancePgdat(allocOrder, nodeZones ? accountBoosts() : 0); // balance_pgdat(): sc.order = order
            if (allocOrder > 0) {
                k.vmstat.inc(VmItem.KSWAPD_HIGH_ORDER_RUNS);
            }
            reclaiming = true;
            if (k.pages.pcp() != null) {
                k.pages.pcp().setReclaimActive(highestZoneidx, true); // balance_pgdat(): set_reclaim_active()
            }
            if (k.config.kswapdRunNs() > 0) { // the run's own CPU time, before its first page
                sleepFor(k.config.kswapdRunNs(), null);
                return;
            }
        }
    }

    /**
     * balance_pgdat()'s start: the boosts of the zones it balances, noted and summed (nr_boost_reclaim); the
     * boosts stay in place so that allocations near the watermarks reclaim directly until the run ends.
     */
    private long accountBoosts() {
        long sum = 0;
        for (int i = 0; i < zoneBoosts.length; i++) {
            zoneBoosts[i] = i <= highestZoneidx ? k.zones[i].watermarkBoost() : 0;
            sum += zoneBoosts[i];
        }
        boosted = sum > 0;
        return sum;
    }

    /** balance_pgdat()'s out: each zone's boost less what it was at the start, and kcompactd woken for a pageblock. */
    private void endBoostedRun() {
        boosted = false;
        for (int i = 0; i < zoneBoosts.length; i++) {
            k.zones[i].unboost(zoneBoosts[i]);
        }
        if (kcompactd != null) {
            kcompactd.wakeup(Compaction.PAGEBLOCK_ORDER, highestZoneidx); // "there is now likely space"
        }
    }

    /** A schedule_timeout(HZ/10) from {@code nowNs}: to the era's tick ({@link ScheduleTimeout}). */
    private long tenthOfASecond(long nowNs) {
        return ScheduleTimeout.sleepNs(nowNs, Hz.HZ / 10, k.config.kernel.timerWheelRoundsUp());
    }

    /**
     * kswapd_try_to_sleep(): a balanced node (prepare_kswapd_sleep(), which clears the congested
     * flags) first gets a nap of HZ/10; a wakeup during it, or a node unbalanced after it, sends kswapd
     * back to balance_pgdat() (kswapd_low_wmark_hit_quickly, kswapd_high_wmark_hit_quickly); otherwise
     * it sleeps until woken, and then runs balance_pgdat() at once. A hopeless node sleeps the same way,
     * its flags left set. The two quick returns count as the kernel counts them. True if kswapd now sleeps.
     */
    private boolean kswapdTryToSleep(long nowNs) {
        Sleep was = sleep;
        sleep = Sleep.NONE;
        if (was == Sleep.FULL) {
            return false;
        }
        boolean balanced = !needsBalance();
        boolean mayRest = balanced || hopeless(); // prepare_kswapd_sleep()
        if (was == Sleep.NONE && mayRest) {
            if (balanced) {
                k.zone.clearReclaimFlags();
            }
            if (k.compaction != null) {
                k.compaction.resetIsolationSuitable(); // reset_isolation_suitable(pgdat): "pages and compaction may succeed"
                kcompactd.wakeup(allocOrder, highestZoneidx);
            }
            sleep = Sleep.NAP;
            long napNs = tenthOfASecond(nowNs);
            napEndNs = nowNs + napNs;
            sleepOnFor(wait, napNs, null);
            return true;
        }
        if (was == Sleep.NAP && nowNs < napEndNs) {
            wakeOrder = Math.max(wakeOrder, reclaimOrder); // woken during the nap
            k.vmstat.inc(VmItem.KSWAPD_LOW_WMARK_HIT_QUICKLY);
            return false;
        }
        if (was == Sleep.NAP && mayRest) {
            if (balanced) {
                k.zone.clearReclaimFlags();
            }
            sleep = Sleep.FULL;
            k.vmstat.inc(VmItem.KSWAPD_SLEEP); // trace_mm_vmscan_kswapd_sleep()
            sleepOn(wait, null);
            return true;
        }
        k.vmstat.inc(VmItem.KSWAPD_HIGH_WMARK_HIT_QUICKLY); // unbalanced, at once or after the whole nap
        return false;
    }
}
