package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.mm.Lru;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;

/**
 * mm/vmscan.c shrink_zone() -> shrink_inactive_list() -> shrink_page_list(), for one reclaiming task:
 * priority passes from DEF_PRIORITY down, each scanning the inactive list from its tail in batches of
 * SWAP_CLUSTER_MAX (refilling it from the active list when it is the smaller one), until the goal is
 * met. Referenced dirty pages and pages under writeback or locked are kept (writeback ones marked
 * PG_reclaim), clean ones freed, dirty ones handed to the {@link ReclaimWritebackStrategy}. A batch
 * made only of pages under writeback or dirty pages reclaim could not write throttles reclaim for up
 * to HZ/10, ended early as writeback completes (reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK), 5.16).
 * Simplification: each priority pass scans max(SWAP_CLUSTER_MAX, inactive >> priority) pages rather
 * than accumulating nr_saved_scan below SWAP_CLUSTER_MAX. Resumable.
 */
public final class Reclaimer {
    private static final long THROTTLE_NS = 100_000_000L;

    private enum Phase { PRIORITY, ISOLATE, SHRINK, FINISH_BATCH, DONE }

    private final Kernel k;
    private final Task task;
    private final Pageout pageout;
    private final int[] batch = new int[ScanControl.SWAP_CLUSTER_MAX];
    private final int[] deferred = new int[ScanControl.SWAP_CLUSTER_MAX];
    private final ScanControl sc = new ScanControl();
    private int batchSize;
    private int nDeferred;
    private int at;
    /** The page whose pageout slept half-way, or NIL. */
    private int sleepingPage = Pages.NIL;
    private boolean inPass;
    private long toScan;
    private StallCause throttleCause;
    private Phase phase = Phase.DONE;

    public Reclaimer(Kernel k, Task task) {
        this.k = k;
        this.task = task;
        this.pageout = k.strategy.newPageout(this);
    }

    public Kernel kernel() {
        return k;
    }

    public Task task() {
        return task;
    }

    public ScanControl scanControl() {
        return sc;
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
        sc.reset(task, kswapd, nrToReclaim);
        this.throttleCause = throttleCause;
        if (!inPass) {
            inPass = true;
            k.hazards.enterReclaim(task); // PF_MEMALLOC
        }
        startPriority();
    }

    private boolean finishPass() {
        phase = Phase.DONE;
        if (inPass) {
            inPass = false;
            k.hazards.exitReclaim(task);
        }
        return true;
    }

    private void startPriority() {
        toScan = Math.max(ScanControl.SWAP_CLUSTER_MAX, (long) k.cache.lru.size(Lru.INACTIVE) >> sc.priority);
        phase = Phase.ISOLATE;
    }

    private boolean goalMet() {
        return sc.kswapd ? k.zone.freePages() >= k.zone.highWmark() : sc.nrReclaimed >= sc.nrToReclaim;
    }

    /** True when the pass is over; false when the task sleeps (throttled, or a strategy's I/O blocked). */
    public boolean step() {
        while (true) {
            switch (phase) {
                case ISOLATE: {
                    if (goalMet()) {
                        return finishPass();
                    }
                    if (toScan <= 0 || k.cache.lru.size(Lru.INACTIVE) == 0 && k.cache.lru.size(Lru.ACTIVE) == 0) {
                        phase = Phase.PRIORITY;
                        continue;
                    }
                    shrinkActiveList();
                    isolate();
                    toScan -= batchSize;
                    at = 0;
                    sc.batchDirty = 0;
                    sc.batchWriteback = 0;
                    sc.batchImmediate = 0;
                    phase = Phase.SHRINK;
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
                    // the whole batch was under writeback or dirty and unwritable: reclaim is outrunning writeback
                    boolean throttle = batchSize > 0 && sc.batchWriteback + sc.batchImmediate == batchSize;
                    phase = Phase.ISOLATE;
                    if (throttle && !goalMet()) {
                        k.reclaimThrottle(task, THROTTLE_NS, throttleCause);
                        return false;
                    }
                    if (batchSize == 0) {
                        phase = Phase.PRIORITY;
                    }
                    if (task.state() != Task.State.RUNNABLE) {
                        return false; // the last deferred bio waits for a request
                    }
                    continue;
                }
                case PRIORITY: {
                    // do_try_to_free_pages() (2.6.32-4.12): direct reclaim that has scanned 1.5 times its goal
                    // wakes the flusher to write as many pages as it scanned
                    if (!sc.kswapd && k.strategy.wakesFlusherFromDirectReclaim()
                            && sc.nrScanned > sc.nrToReclaim + sc.nrToReclaim / 2) {
                        k.wakeFlusherForReclaim(sc.nrScanned);
                    }
                    if (sc.priority == 0) {
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

    /** shrink_active_list(): while the inactive list is the smaller one, move a batch from the active tail. */
    private void shrinkActiveList() {
        Lru lru = k.cache.lru;
        if (lru.size(Lru.INACTIVE) >= lru.size(Lru.ACTIVE)) {
            return;
        }
        for (int n = 0; n < ScanControl.SWAP_CLUSTER_MAX && lru.size(Lru.ACTIVE) > 0; n++) {
            int page = lru.tail(Lru.ACTIVE);
            k.vmstat.inc(VmItem.PGREFILL);
            k.cache.deactivatePage(page);
        }
    }

    /** isolate_lru_pages(): up to SWAP_CLUSTER_MAX pages off the inactive tail, each with a reference. */
    private void isolate() {
        Lru lru = k.cache.lru;
        Pages pages = k.pages;
        batchSize = 0;
        while (batchSize < batch.length && lru.size(Lru.INACTIVE) > 0) {
            int page = lru.tail(Lru.INACTIVE);
            lru.remove(page);
            k.vmstat.dec(VmItem.NR_INACTIVE_FILE);
            pages.get(page);
            batch[batchSize++] = page;
        }
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
        if (pages.test(page, Pages.PG_writeback)) {
            sc.batchWriteback++;
            pages.set(page, Pages.PG_reclaim);
            cache.unlockPage(page);
            putback(page);
            return true;
        }
        boolean referenced = pages.testClear(page, Pages.PG_referenced);
        if (!pages.test(page, Pages.PG_dirty)) {
            return freeOrKeep(page);
        }
        sc.batchDirty++;
        if (referenced || !sc.mayEnterFs) { // PAGEREF_RECLAIM_CLEAN: another pass; !may_enter_fs: keep_locked
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
        cache.deleteFromPageCache(page);
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
        k.cache.lru.addHead(page, active ? Lru.ACTIVE : Lru.INACTIVE);
        k.vmstat.inc(active ? VmItem.NR_ACTIVE_FILE : VmItem.NR_INACTIVE_FILE);
        k.cache.putPage(page);
    }

    /** wakeup_flusher_threads(WB_REASON_VMSCAN): ask the flusher to write {@code nrPages} more. */
    public void wakeFlusherForReclaim(long nrPages) {
        k.wakeFlusherForReclaim(nrPages);
    }

    /** Submits a bio on behalf of the reclaiming task; false if the task now sleeps (queue full). */
    public boolean submitBio(Bio bio) {
        return k.submitBio(task, bio);
    }
}
