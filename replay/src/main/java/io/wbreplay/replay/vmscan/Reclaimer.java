package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.mm.Compaction;
import io.wbreplay.replay.mm.GetPageFromFreelist;
import io.wbreplay.replay.mm.Lru;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;

/**
 * mm/vmscan.c shrink_node() -> shrink_inactive_list() -> shrink_page_list(), for one reclaiming task:
 * priority passes from DEF_PRIORITY down, each scanning the inactive list from its tail in batches of
 * SWAP_CLUSTER_MAX (refilling it from the active list while inactive_is_low()), until the goal is
 * met. Clean pages are freed; pages under writeback are kept (since 4.11 marked PG_reclaim and
 * activated); dirty ones go to the {@link ReclaimWritebackStrategy}. What a pass found decides how
 * reclaim waits, by the {@link KernelEra}: congestion_wait() naps (2.6.35), wait_iff_congested()
 * (3.2), and from 4.11 the node flags PGDAT_WRITEBACK / PGDAT_DIRTY / congested with kswapd napping
 * when immediate-reclaim pages come round again (reclaim_throttle() since 5.16). docs/kernel-eras.md
 * has the source of each rule. Each priority pass scans inactive >> priority pages (get_scan_count());
 * simplification: the older eras' nr_saved_scan, which carried small counts over between calls until
 * they reached SWAP_CLUSTER_MAX, is approximated by at least one batch per pass. Resumable.
 */
public final class Reclaimer {
    private enum Phase { PASS_END, PRIORITY, ISOLATE, SHRINK, FINISH_BATCH, DONE }

    private final Kernel k;
    private final Pgdat pgdat;
    private final Task task;
    private final ReclaimContext context;
    private final Pageout pageout;
    private final int[] batch = new int[ScanControl.SWAP_CLUSTER_MAX];
    private final int[] deferred = new int[ScanControl.SWAP_CLUSTER_MAX];
    private final ScanControl sc = new ScanControl();
    private int batchSize;
    private int nDeferred;
    private int at;
    /** shrink_inactive_list()'s stalled: this chunk already waited once for the isolated pages. */
    private boolean isolatedStall;
    /** The page whose pageout slept half-way, or NIL. */
    private int sleepingPage = Pages.NIL;
    private boolean inPass;
    private long toScan;
    private long toDeactivate;
    /** The pass ended because its goal was met: after shrink_node()'s tail the reclaim is over. */
    private boolean goalReached;
    private StallCause throttleCause;
    private Phase phase = Phase.DONE;
    /** With zones (before 4.8) the zones each priority shrinks, else null; the zone being shrunk or -1. */
    private final BalancePgdat balance;
    private int zoneIdx = -1;
    /**
     * kswapd on a node with zones (4.8+): what one priority reclaims before balance_pgdat() checks the
     * node again (kswapd_shrink_node()), the counts when the pass began, and whether the pass scanned
     * that much and freed something, so that the priority is not raised.
     */
    private final boolean nodeZones;
    private long passNrToReclaim;
    /** What the reclaim had freed when this priority pass (shrink_node()) began. */
    private long passReclaimedStart;
    /** What the reclaim had freed when this zone's (or the node's) shrink_lruvec() call began. */
    private long zoneReclaimedStart;
    private long passScannedStart;
    private boolean keepPriority;
    /** shrink_node() slept on CONGESTED: shrink_zones()'s consider_reclaim_throttle() is still to come. */
    private boolean considerThrottle;
    /**
     * balance_pgdat()'s nr_boost_reclaim (5.0+): what kswapd still reclaims for the zones' watermark
     * boosts, without writing and at DEF_PRIORITY - 2 at most; 0 when the run is not (or no longer) boosted.
     */
    private long nrBoostReclaim;
    /** This priority holds on a boost: "Limit the priority of boosting to avoid reclaim writeback". */
    private boolean boostHoldsPriority;
    /** A direct reclaimer slept on a throttle during this try_to_free_pages() call. */
    private boolean throttledThisCall;

    public Reclaimer(Pgdat pgdat, Task task) {
        this.k = pgdat.k;
        this.pgdat = pgdat;
        this.task = task;
        this.context = new ReclaimerContext(pgdat, this);
        this.pageout = pgdat.strategy.newPageout(context);
        this.balance = k.perZoneLru ? new BalancePgdat(k.zones, k.config.kernel) : null;
        this.nodeZones = k.zones != null && !k.perZoneLru;
    }

    /** What this task's reclaim offers the strategy. */
    public ReclaimContext context() {
        return context;
    }

    public Task task() {
        return task;
    }

    public ScanControl scanControl() {
        return sc;
    }

    /**
     * The pass ended because its goal was met; for kswapd on a node with zones, because a priority began
     * on a balanced node (balance_pgdat()'s goto out), not because the priorities ran out.
     */
    public boolean goalReached() {
        return goalReached;
    }

    /** The pages of the current batch deferred by the strategy ({@link PageoutResult#DEFER}), in batch order. */
    public int deferredCount() {
        return nDeferred;
    }

    public int deferred(int i) {
        return deferred[i];
    }

    /** Starts a reclaim pass: kswapd reclaims to the high watermark, direct reclaim {@code nrToReclaim} pages. */
    public void start(boolean kswapd, long nrToReclaim, StallCause throttleCause) {
        start(kswapd, nrToReclaim, throttleCause, ScanControl.DEF_PRIORITY, 0);
    }

    /** As {@link #start(boolean, long, StallCause)}, from {@code priority} (0 scans the whole inactive list at once). */
    public void start(boolean kswapd, long nrToReclaim, StallCause throttleCause, int priority) {
        start(kswapd, nrToReclaim, throttleCause, priority, 0);
    }

    /**
     * As {@link #start(boolean, long, StallCause, int)} for an allocation of 2^{@code order} pages: sc.order
     * is set before the first priority, whose balance (kswapd) or compaction (direct) test reads it.
     */
    public void start(boolean kswapd, long nrToReclaim, StallCause throttleCause, int priority, int order) {
        start(kswapd, nrToReclaim, throttleCause, priority, order, 0);
    }

    /** kswapd's balance_pgdat() with {@code nrBoostReclaim}: the sum of the boosts of the zones it balances. */
    public void startBalancePgdat(int order, long nrBoostReclaim) {
        start(true, Long.MAX_VALUE, null, ScanControl.DEF_PRIORITY, order, nrBoostReclaim);
    }

    private void start(boolean kswapd, long nrToReclaim, StallCause throttleCause, int priority, int order, long nrBoostReclaim) {
        this.nrBoostReclaim = nrBoostReclaim;
        sc.reset(task, kswapd, nrToReclaim);
        sc.priority = priority;
        sc.order = order;
        keepPriority = false;
        considerThrottle = false;
        this.throttleCause = throttleCause;
        throttledThisCall = false;
        if (!inPass) {
            inPass = true;
            k.hazards.enterReclaim(task); // PF_MEMALLOC
        }
        startPriority();
    }

    private boolean finishPass() {
        snapshotRefaults();
        if (!sc.kswapd && !sc.otherTask && !throttledThisCall) {
            k.vmstat.inc(VmItem.DIRECT_RECLAIM_UNTHROTTLED);
        }
        phase = Phase.DONE;
        if (inPass) {
            inPass = false;
            k.hazards.exitReclaim(task);
        }
        return true;
    }

    private void startPriority() {
        passReclaimedStart = sc.nrReclaimed;
        sc.passDirty = 0;
        sc.passUnqueuedDirty = 0;
        sc.passCongested = 0;
        sc.passWriteback = 0;
        sc.passImmediate = 0;
        sc.passTaken = 0;
        goalReached = false;
        if (nodeZones && sc.kswapd) {
            // balance_pgdat(): each priority begins by asking whether the node is balanced
            int top = pgdat.kswapd.highestZoneidx();
            boolean balanced = PgdatBalanced.balanced(k.zones, top, sc.order);
            if (!balanced && nrBoostReclaim > 0) {
                nrBoostReclaim = 0; // "ignore boosting and preserve the watermarks for a later time and restart"
                sc.priority = ScanControl.DEF_PRIORITY;
            }
            if (balanced && nrBoostReclaim == 0) {
                goalReached = true;
                phase = Phase.PASS_END;
                return;
            }
            boostHoldsPriority = nrBoostReclaim > 0 && sc.priority == ScanControl.DEF_PRIORITY - 2;
            sc.mayWritepage = nrBoostReclaim == 0; // no writeback for boosted reclaim
            passNrToReclaim = PgdatBalanced.kswapdNrToReclaim(k.zones, top);
            passScannedStart = sc.nrScanned;
        }
        if (!sc.kswapd && sc.order > Compaction.PAGE_ALLOC_COSTLY_ORDER && k.compaction != null && compactionReady()) {
            phase = Phase.PASS_END; // shrink_zones(): every zone is ready for compaction, nothing to reclaim
            goalReached = true;
            return;
        }
        if (balance == null) {
            zoneIdx = -1;
            startZone();
            return;
        }
        if (!balance.start(sc.kswapd)) {
            goalReached = true; // kswapd: no zone below high
            phase = Phase.PASS_END;
            return;
        }
        zoneIdx = balance.zone();
        if (zoneIdx < 0) {
            phase = Phase.PASS_END;
            return;
        }
        startZone();
    }

    /**
     * shrink_zones() for a costly order: a zone where compaction_ready() (the allocation can already
     * succeed, or compaction_suitable() at the high watermark) is skipped and sets
     * sc->compaction_ready, which ends do_try_to_free_pages() after this priority. True when every
     * zone is skipped (the node is not shrunk at all).
     */
    private boolean compactionReady() {
        int top = GetPageFromFreelist.highestZoneidx(k.zones);
        boolean all = true;
        for (int z = top; z >= 0; z--) {
            Zone zone = k.zones[z];
            boolean ready = zone.watermarkOk(sc.order, zone.minWmark(), top)
                    || k.compaction.suitable(z, sc.order, zone.highWmark(), top);
            sc.compactionReady |= ready;
            all &= ready;
        }
        return all;
    }

    /** The LRU being shrunk: the current zone's, or the node's. */
    private Lru lru() {
        return k.cache.lru(zoneIdx);
    }

    private void startZone() {
        zoneReclaimedStart = sc.nrReclaimed;
        // get_scan_count(): lru_size >> priority, so a small list is scanned only at low priorities;
        // before 4.x such counts were saved up across calls to a SWAP_CLUSTER_MAX batch (nr_saved_scan),
        // approximated by scanning at least one batch (or the whole list, if smaller) per pass
        Lru lru = lru();
        toScan = (long) lru.size(Lru.INACTIVE) >> sc.priority;
        if (!k.config.kernel.activatesDirty) {
            toScan = Math.max(Math.min(ScanControl.SWAP_CLUSTER_MAX, lru.size(Lru.INACTIVE)), toScan);
        }
        // the active list is scanned alongside while inactive_is_low() (sc->may_deactivate, per pass),
        // which reads the memcg statistics (6.12+: as last flushed); the scan counts use the exact sizes
        long activeScan = (long) lru.size(Lru.ACTIVE) >> sc.priority;
        KernelEra era = k.config.kernel;
        boolean deactivate = sc.forceDeactivate
                || (era.refaultsAllowDeactivation() && lru.refaultsSinceSnapshot())
                || inactiveIsLow(lru.statSize(Lru.INACTIVE), lru.statSize(Lru.ACTIVE), era);
        if (!deactivate && activeScan > 0) {
            sc.skippedDeactivate = true;
        }
        toDeactivate = deactivate ? activeScan : 0;
        phase = Phase.ISOLATE;
    }

    private boolean goalMet() {
        if (!sc.kswapd) {
            // shrink_lruvec(): a direct reclaimer at DEF_PRIORITY scans its whole share ("it is best to do
            // a batch of work at once"); below it stops once the call has reclaimed nr_to_reclaim
            if (sc.priority >= ScanControl.DEF_PRIORITY) {
                return false;
            }
            long reclaimed = k.config.kernel.directReclaimStopsOnCallsOwnReclaim() ? sc.nrReclaimed - zoneReclaimedStart : sc.nrReclaimed;
            return reclaimed >= sc.nrToReclaim;
        }
        if (nodeZones) { // shrink_lruvec() stops once kswapd_shrink_node()'s nr_to_reclaim is met
            return sc.nrReclaimed - passReclaimedStart >= passNrToReclaim;
        }
        // with an LRU per zone kswapd scans each zone's whole share of the priority (balance_pgdat() checks after it)
        return k.zones == null && k.zone.freePages() >= k.zone.highWmark();
    }

    /** True when the pass is over; false when the task sleeps (throttled, or a strategy's I/O blocked). */
    public boolean step() {
        while (true) {
            switch (phase) {
                case ISOLATE: {
                    if (goalMet()) {
                        goalReached = !(nodeZones && sc.kswapd); // kswapd: the priority's goal, the node is checked next
                        phase = Phase.PASS_END;
                        continue;
                    }
                    if (toScan > 0 && lru().size(Lru.INACTIVE) > 0 && waitsForIsolated()) {
                        if (!isolatedStall) { // shrink_inactive_list(): wait a bit for the other reclaimers
                            isolatedStall = true;
                            if (throttleDirect(VmItem.THROTTLED_ISOLATED)) {
                                return false;
                            }
                        }
                        isolatedStall = false; // still too many: this chunk is not scanned (returns 0)
                        toScan -= Math.min(batch.length, toScan);
                        continue;
                    }
                    isolatedStall = false;
                    if (toDeactivate > 0 && toScan > 0 && lru().size(Lru.INACTIVE) >= Math.min(batch.length, toScan)) {
                        isolateWhileDeactivating();
                    } else {
                        if (toDeactivate > 0) {
                            shrinkActiveList();
                        }
                        if (toScan <= 0 || lru().size(Lru.INACTIVE) == 0) {
                            if (toDeactivate > 0 && lru().size(Lru.ACTIVE) > 0) {
                                continue;
                            }
                            phase = Phase.PASS_END;
                            continue;
                        }
                        isolate();
                    }
                    toScan -= batchSize;
                    at = 0;
                    sc.batchDirty = 0;
                    sc.batchUnqueuedDirty = 0;
                    sc.batchCongested = 0;
                    sc.batchWriteback = 0;
                    sc.batchImmediate = 0;
                    phase = Phase.SHRINK;
                    if (k.config.reclaimScanNs() > 0 && batchSize > 0) { // the batch costs CPU time before shrink_folio_list() is done
                        task.sleepFor(batchSize * k.config.reclaimScanNs(), throttleCause);
                        return false;
                    }
                    continue;
                }
                case SHRINK: {
                    if (sleepingPage != Pages.NIL) {
                        int page = sleepingPage;
                        PageoutResult r = pageout.resume(sc);
                        if (r == PageoutResult.SLEEP) {
                            return false;
                        }
                        sleepingPage = Pages.NIL;
                        if (!afterPageout(page, r)) {
                            return false;
                        }
                    }
                    while (at < batchSize) {
                        int page = batch[at++];
                        if (!shrinkPage(page)) {
                            return false;
                        }
                    }
                    phase = Phase.FINISH_BATCH;
                    continue;
                }
                case FINISH_BATCH: {
                    if (nDeferred > 0) {
                        if (!pageout.finishBatch(sc)) {
                            return false;
                        }
                        for (int i = 0; i < nDeferred; i++) {
                            putback(deferred[i]);
                        }
                        nDeferred = 0;
                    }
                    pgdat.throttle.isolated(task, -batchSize); // the batch is back on the LRU or freed
                    phase = batchSize == 0 ? Phase.PASS_END : Phase.ISOLATE;
                    if (endBatch()) {
                        return false;
                    }
                    if (task.state() != Task.State.RUNNABLE) {
                        return false; // the last deferred bio waits for a request
                    }
                    continue;
                }
                case PASS_END: {
                    if (sc.nrReclaimed > passReclaimedStart && k.config.kernel.kswapdCountsFailures()) {
                        pgdat.kswapd.reclaimProgress(); // shrink_node(): pgdat->kswapd_failures = 0
                    }
                    if (!goalReached && balance != null && zoneIdx >= 0 && balance.next()) { // the next zone of this priority
                        zoneIdx = balance.zone();
                        startZone();
                        continue;
                    }
                    boolean restart = false;
                    boolean boostStalled = false;
                    if (balance != null && sc.kswapd && !goalReached) {
                        goalReached = balance.balanced();
                        // balance_pgdat(): SWAP_CLUSTER_MAX reclaimed, back to DEF_PRIORITY (loop_again)
                        restart = !goalReached && sc.nrReclaimed >= ScanControl.SWAP_CLUSTER_MAX;
                    }
                    if (nodeZones && sc.kswapd && !goalReached && sc.order > 0
                            && sc.nrReclaimed >= Compaction.compactGap(sc.order)) {
                        sc.order = 0; // kswapd_shrink_node(): enough freed for compaction, now balance at order 0
                    }
                    if (nodeZones && sc.kswapd && !goalReached) {
                        // balance_pgdat(): the priority is raised unless kswapd_shrink_node() scanned its goal (or a
                        // boost holds it) and freed something; a boosted run that freed nothing stops
                        long freed = sc.nrReclaimed - passReclaimedStart;
                        keepPriority = (boostHoldsPriority || sc.nrScanned - passScannedStart >= passNrToReclaim) && freed > 0;
                        nrBoostReclaim -= Math.min(nrBoostReclaim, freed);
                        boostStalled = nrBoostReclaim > 0 && freed == 0;
                    }
                    if (!sc.kswapd && sc.nrReclaimed >= sc.nrToReclaim) {
                        goalReached = true; // do_try_to_free_pages(): enough after this priority
                    }
                    boolean done = goalReached || restart || boostStalled;
                    phase = done ? Phase.DONE : Phase.PRIORITY;
                    if (endPass()) {
                        return false;
                    }
                    if (done) {
                        return finishPass();
                    }
                    continue;
                }
                case PRIORITY: {
                    if (considerThrottle) {
                        considerThrottle = false;
                        if (considerReclaimThrottle()) {
                            return false;
                        }
                    }
                    if (keepPriority) {
                        keepPriority = false;
                        startPriority();
                        continue;
                    }
                    if (sc.compactionReady) {
                        return finishPass(); // do_try_to_free_pages(): compaction can proceed
                    }
                    if (sc.priority <= lowestPriority()) {
                        if (!sc.kswapd && sc.nrReclaimed == 0 && retryDirectReclaim()) {
                            continue;
                        }
                        return finishPass();
                    }
                    sc.priority--;
                    startPriority();
                    continue;
                }
                default:
                    return true;
            }
        }
    }

    /** snapshot_refaults() at the end of do_try_to_free_pages() and balance_pgdat(), for the eras that compare them. */
    private void snapshotRefaults() {
        if (k.config.kernel.refaultsAllowDeactivation()) {
            lru().snapshotRefaults();
        }
    }

    /**
     * do_try_to_free_pages() after a priority loop that freed nothing: from DEF_PRIORITY again, first
     * with a full memcg walk (6.11+), then, if a pass skipped deactivation, forcing it (5.9+); false
     * when it gives up. The retry counts another allocstall.
     */
    private boolean retryDirectReclaim() {
        KernelEra era = k.config.kernel;
        if (era.directReclaimRetriesFullWalk() && !sc.memcgFullWalk) {
            sc.memcgFullWalk = true;
        } else if (era.directReclaimForcesDeactivation() && sc.skippedDeactivate) {
            sc.forceDeactivate = true;
            sc.skippedDeactivate = false;
        } else {
            return false;
        }
        snapshotRefaults(); // the loop that ended took it (finishPass() does when there is no retry)
        sc.priority = ScanControl.DEF_PRIORITY;
        countAllocstall();
        startPriority();
        return true;
    }

    /** ALLOCSTALL, at do_try_to_free_pages()'s retry label: every try counts, and the other tasks' apart. */
    public void countAllocstall() {
        k.vmstat.inc(VmItem.ALLOCSTALL);
        if (sc.otherTask) {
            k.vmstat.inc(VmItem.OTHER_ALLOCSTALL);
        }
    }

    /** The last priority of this pass: 0, or 1 for kswapd from 3.11 ({@link KernelEra#kswapdStopsAtPriorityOne()}). */
    private int lowestPriority() {
        return sc.kswapd && k.config.kernel.kswapdStopsAtPriorityOne() ? 1 : 0;
    }

    /**
     * shrink_active_list(): a batch of up to SWAP_CLUSTER_MAX pages from the active tail to the
     * inactive head (unmapped file pages are deactivated whether referenced or not).
     */
    private void shrinkActiveList() {
        Lru lru = lru();
        for (int n = 0; n < ScanControl.SWAP_CLUSTER_MAX && deactivateTail(lru); n++) {
            // one page a step
        }
    }

    /** One step of shrink_active_list(): false when it has nothing left to do. */
    private boolean deactivateTail(Lru lru) {
        if (toDeactivate <= 0 || lru.size(Lru.ACTIVE) == 0) {
            return false;
        }
        toDeactivate--;
        k.vmstat.inc(VmItem.PGREFILL);
        k.cache.deactivatePage(lru.tail(Lru.ACTIVE));
        return true;
    }

    /**
     * {@link #shrinkActiveList()} then {@link #isolate()}, their steps taken in turn: each walks its
     * list one frame after another (a cache miss each), and two walks in turn overlap their misses.
     * The caller checked that the inactive list holds the whole batch, so the isolation takes none of
     * the pages the refill puts at the inactive head, and the lists end as in the order of the kernel.
     */
    private void isolateWhileDeactivating() {
        Lru lru = lru();
        int want = (int) Math.min(batch.length, toScan);
        batchSize = 0;
        boolean refilling = true;
        for (int n = 0; refilling || batchSize < want; n++) {
            refilling = refilling && n < ScanControl.SWAP_CLUSTER_MAX && deactivateTail(lru);
            if (batchSize < want) {
                isolateTail(lru);
            }
        }
        countIsolated();
    }

    /**
     * inactive_is_low() for the file LRU: before 4.10 the inactive list is low once the active one is
     * larger (inactive_file_is_low()); since then once inactive x sqrt(10 x GB of file LRU) is below
     * active (a 1 GiB file LRU keeps a quarter inactive, 10 GiB a tenth).
     */
    public static boolean inactiveIsLow(long inactive, long active, KernelEra era) {
        if (!era.activatesDirty) {
            return active > inactive;
        }
        long gb = (inactive + active) >> (30 - 12);
        long ratio = gb == 0 ? 1 : (long) Math.sqrt(10.0 * gb);
        return inactive * ratio < active;
    }

    /** isolate_lru_pages(): up to SWAP_CLUSTER_MAX (and the pass's scan count) pages off the inactive tail, each with a reference. */
    private void isolate() {
        Lru lru = lru();
        batchSize = 0;
        while (batchSize < batch.length && batchSize < toScan && lru.size(Lru.INACTIVE) > 0) {
            isolateTail(lru);
        }
        countIsolated();
    }

    private void isolateTail(Lru lru) {
        int page = lru.tail(Lru.INACTIVE);
        lru.remove(page);
        k.vmstat.dec(VmItem.NR_INACTIVE_FILE);
        k.pages.get(page);
        batch[batchSize++] = page;
    }

    private void countIsolated() {
        pgdat.throttle.isolated(task, batchSize);
        sc.nrScanned += batchSize;
        k.vmstat.add(sc.kswapd ? VmItem.PGSCAN_KSWAPD : VmItem.PGSCAN_DIRECT, batchSize);
    }

    /** shrink_page_list() for one isolated page; false if the task was put to sleep. */
    private boolean shrinkPage(int page) {
        PageCache cache = k.cache;
        Pages pages = k.pages;
        if (!cache.trylockPage(task, page)) {
            putback(page);
            return true;
        }
        if (pages.mapping(page) == Pages.NO_MAPPING) { // truncated while isolated: ours to free
            cache.unlockPage(page);
            cache.putPage(page);
            return true;
        }
        boolean dirty = pages.test(page, Pages.PG_dirty);
        boolean writeback = pages.test(page, Pages.PG_writeback);
        if (dirty || writeback) {
            sc.batchDirty++;
        }
        if (dirty && !writeback) {
            sc.batchUnqueuedDirty++;
        }
        if (writeback && pages.test(page, Pages.PG_reclaim)) {
            sc.batchCongested++;
        }
        if (writeback) {
            if (!k.config.kernel.activatesDirty) { // keep_locked: back to the inactive head
                sc.batchWriteback++;
                cache.unlockPage(page);
                putback(page);
                return true;
            }
            // case 1: kswapd meets a PG_reclaim page again on a node whose LRU tail is all writeback
            if (sc.kswapd && pages.test(page, Pages.PG_reclaim) && k.zone.flagWriteback) {
                sc.batchImmediate++;
            } else { // case 2: mark it for immediate reclaim
                pages.set(page, Pages.PG_reclaim);
                sc.batchWriteback++;
            }
            return afterPageout(page, PageoutResult.ACTIVATE);
        }
        sc.referenced = pages.testClear(page, Pages.PG_referenced);
        if (!dirty) {
            return freeOrKeep(page);
        }
        if (pgdat.strategy.keepsReferencedDirty() && sc.keepsDirtyPage()) {
            // PAGEREF_RECLAIM_CLEAN: another pass; !may_enter_fs: keep_locked
            cache.unlockPage(page);
            putback(page);
            return true;
        }
        PageoutResult r = pageout.pageout(page, sc);
        if (r == PageoutResult.SLEEP) {
            sleepingPage = page;
            return false;
        }
        return afterPageout(page, r);
    }

    /**
     * The tail of shrink_inactive_list() for one batch: the tracepoint's sums, and the era's reaction;
     * true if the task now sleeps.
     */
    private boolean endBatch() {
        k.vmstat.add(VmItem.SHRINK_INACTIVE_NR_DIRTY, sc.batchDirty);
        k.vmstat.add(VmItem.SHRINK_INACTIVE_NR_UNQUEUED_DIRTY, sc.batchUnqueuedDirty);
        k.vmstat.add(VmItem.SHRINK_INACTIVE_NR_CONGESTED, sc.batchCongested);
        k.vmstat.add(VmItem.SHRINK_INACTIVE_NR_WRITEBACK, sc.batchWriteback);
        k.vmstat.add(VmItem.SHRINK_INACTIVE_NR_IMMEDIATE, sc.batchImmediate);
        if (batchSize > 0) { // shrink_inactive_list() returns before its tracepoint when it took nothing
            k.vmstat.inc(VmItem.SHRINK_INACTIVE_EVENTS);
            if (sc.priority == 0) {
                k.vmstat.inc(VmItem.SHRINK_INACTIVE_EVENTS_PRIORITY_0);
            }
        }
        sc.passDirty += sc.batchDirty;
        sc.passUnqueuedDirty += sc.batchUnqueuedDirty;
        sc.passCongested += sc.batchCongested;
        sc.passWriteback += sc.batchWriteback;
        sc.passImmediate += sc.batchImmediate;
        sc.passTaken += batchSize;
        KernelEra era = k.config.kernel;
        if (era.activatesDirty && batchSize > 0 && sc.batchUnqueuedDirty == batchSize) {
            pgdat.flusher.wakeupFlusherThreads(k.dirtyPages()); // the flushers are not doing their job: nudge them
        }
        if (era.wait == KernelEra.Wait.WAIT_IFF_CONGESTED && sc.batchWriteback > 0
                && sc.batchWriteback >= batchSize >> (ScanControl.DEF_PRIORITY - sc.priority) && !goalMet()) {
            return sleepIfCongested(true);
        }
        return false;
    }

    /**
     * The tail of shrink_node() after a priority pass (and do_try_to_free_pages() / balance_pgdat()
     * around it): the era's flusher wakeup, node flags and naps; true if the task now sleeps.
     */
    private boolean endPass() {
        KernelEra era = k.config.kernel;
        Zone zone = k.zone;
        if (!era.activatesDirty) {
            // do_try_to_free_pages() (2.6.32-4.10): direct reclaim that has scanned 1.5 times its goal
            // wakes the flusher to write as many pages as it scanned
            if (!sc.kswapd && sc.nrScanned > sc.nrToReclaim + sc.nrToReclaim / 2) {
                pgdat.flusher.wakeupFlusherThreads(sc.nrScanned);
            }
            if (!goalReached && sc.nrScanned > 0 && sc.priority < ScanControl.DEF_PRIORITY - 2) {
                if (sc.kswapd && zone.freePages() < zone.minWmark()) { // balance_pgdat(): a zone is below min
                    k.vmstat.inc(VmItem.KSWAPD_SKIP_CONGESTION_WAIT);
                    return false;
                }
                return sleepIfCongested(era.wait == KernelEra.Wait.WAIT_IFF_CONGESTED);
            }
            return false;
        }
        // 4.16 (Mel Gorman, "only set PGDAT_* flags from kswapd") moved these into shrink_node()'s
        // current_is_kswapd() block; before, any reclaimer set them
        boolean setsFlags = sc.kswapd || !era.nodeFlagsFromKswapdOnly();
        if (setsFlags && sc.passWriteback > 0 && sc.passWriteback == sc.passTaken) {
            zone.flagWriteback = true;
        }
        if (setsFlags && sc.passTaken > 0 && sc.passUnqueuedDirty == sc.passTaken) {
            zone.flagDirty = true;
        }
        if (sc.kswapd) {
            if (sc.passDirty > 0 && sc.passDirty == sc.passCongested) {
                zone.flagCongested = true;
            }
            if (sc.passImmediate > 0) { // pages cycle through the LRU faster than they are written
                if (era.wait == KernelEra.Wait.RECLAIM_THROTTLE) {
                    pgdat.throttle.reclaimThrottle(task, VmItem.THROTTLED_WRITEBACK, throttleCause);
                } else {
                    pgdat.throttle.congestionWait(task, false, throttleCause);
                }
                return true;
            }
            return false;
        }
        if (zone.flagCongested) {
            if (era.wait != KernelEra.Wait.RECLAIM_THROTTLE) {
                return sleepIfCongested(true);
            }
            if (throttleDirect(VmItem.THROTTLED_CONGESTED)) {
                considerThrottle = phase == Phase.PRIORITY;
                return true;
            }
        }
        return considerReclaimThrottle();
    }

    /**
     * shrink_zones()'s consider_reclaim_throttle() (5.16+) once shrink_node() has returned, also after
     * its CONGESTED nap: a direct reclaim that reached priority 1 without freeing a page naps on
     * NOPROGRESS; true if the task now sleeps.
     */
    private boolean considerReclaimThrottle() {
        return k.config.kernel.wait == KernelEra.Wait.RECLAIM_THROTTLE && sc.priority == 1 && sc.nrReclaimed == 0
                && throttleDirect(VmItem.THROTTLED_NOPROGRESS);
    }

    /**
     * too_many_isolated() at the top of shrink_inactive_list() (5.16+ with reclaim_throttle()): a direct
     * reclaimer about to isolate a batch while the others hold too many pages off the LRU.
     */
    private boolean waitsForIsolated() {
        return !sc.kswapd && k.config.kernel.wait == KernelEra.Wait.RECLAIM_THROTTLE
                && pgdat.throttle.tooManyIsolated(lru().size(Lru.INACTIVE), sc.mayEnterFs);
    }

    /** reclaim_throttle() of a direct reclaimer, counted apart when it is one of the other tasks; true if it sleeps. */
    private boolean throttleDirect(VmItem reason) {
        boolean asleep = pgdat.throttle.reclaimThrottle(task, reason, throttleCause);
        throttledThisCall |= asleep;
        if (asleep && sc.otherTask) {
            k.vmstat.inc(VmItem.OTHER_THROTTLED);
        }
        return asleep;
    }

    /** congestion_wait() / wait_iff_congested(); true if the task now sleeps. */
    private boolean sleepIfCongested(boolean onlyIfCongested) {
        pgdat.throttle.congestionWait(task, onlyIfCongested, throttleCause);
        boolean asleep = task.state() != Task.State.RUNNABLE;
        throttledThisCall |= asleep && !sc.kswapd;
        if (asleep && sc.otherTask) {
            k.vmstat.inc(VmItem.OTHER_THROTTLED);
        }
        return asleep;
    }

    /** Acts on the strategy's answer for {@code page}; false if the task is asleep. */
    private boolean afterPageout(int page, PageoutResult r) {
        PageCache cache = k.cache;
        Pages pages = k.pages;
        switch (r) {
            case KEEP:
                cache.unlockPage(page);
                putback(page);
                return task.state() == Task.State.RUNNABLE;
            case ACTIVATE:
                cache.unlockPage(page);
                pages.set(page, Pages.PG_active);
                k.vmstat.inc(VmItem.PGACTIVATE);
                k.vmstat.inc(VmItem.SHRINK_INACTIVE_NR_ACTIVATE);
                putback(page);
                return task.state() == Task.State.RUNNABLE;
            case DEFER:
                deferred[nDeferred++] = page;
                return task.state() == Task.State.RUNNABLE;
            case SUCCESS:
                if (pages.test(page, Pages.PG_writeback) || pages.test(page, Pages.PG_dirty)
                        || pages.mapping(page) == Pages.NO_MAPPING || !cache.trylockPage(task, page)) {
                    putback(page);
                    return task.state() == Task.State.RUNNABLE;
                }
                return freeOrKeep(page);
            case CLEAN:
                return freeOrKeep(page);
            default:
                throw new IllegalStateException("pageout answered " + r);
        }
    }

    /** A locked clean page: freed if only the cache and reclaim hold it (is_page_cache_freeable()), else kept. */
    private boolean freeOrKeep(int page) {
        PageCache cache = k.cache;
        Pages pages = k.pages;
        boolean asleep = task.state() != Task.State.RUNNABLE;
        if (pages.count(page) != 2 || pages.test(page, Pages.PG_dirty)) {
            cache.unlockPage(page);
            putback(page);
            return !asleep;
        }
        cache.removeMapping(page);
        cache.putPage(page);
        sc.nrReclaimed++;
        k.vmstat.inc(VmItem.PGSTEAL);
        k.vmstat.inc(sc.kswapd ? VmItem.PGSTEAL_KSWAPD : VmItem.PGSTEAL_DIRECT);
        return !asleep;
    }

    /** putback_lru_page(): back on its list's head, dropping reclaim's reference. */
    private void putback(int page) {
        Pages pages = k.pages;
        if (pages.mapping(page) == Pages.NO_MAPPING) {
            k.cache.putPage(page);
            return;
        }
        boolean active = pages.test(page, Pages.PG_active);
        k.cache.lruOf(page).addHead(page, active ? Lru.ACTIVE : Lru.INACTIVE);
        k.vmstat.inc(active ? VmItem.NR_ACTIVE_FILE : VmItem.NR_INACTIVE_FILE);
        if (active) { // move_folios_to_lru(): an activation ages the LRU
            k.cache.workingset.ageNonresident(1);
        }
        k.cache.putPage(page);
    }
}
