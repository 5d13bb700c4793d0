package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Compaction;
import io.wbreplay.replay.mm.GetPageFromFreelist;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.PerCpuPages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.writeback.NodeDirtyOk;

/**
 * mm/page_alloc.c __alloc_pages_nodemask() for one task's page-cache allocations: the fast path takes
 * a frame while free memory stays above the low watermark (waking kswapd when it falls below); at the
 * min watermark the task enters direct reclaim (__alloc_pages_direct_reclaim(), allocstall) for
 * SWAP_CLUSTER_MAX pages; an allocation that found nothing to reclaim waits HZ/10 and retries. The
 * whole direct-reclaim episode is one DIRECT_RECLAIM stall. Resumable.
 */
public final class PageAllocator {
    private final Kernel k;
    private final Pgdat pgdat;
    private final Task task;
    private final Reclaimer reclaimer;
    private boolean inDirectReclaim;
    private boolean currentBdi;
    private boolean noFs;
    /** __GFP_WRITE: a page-cache page for a write, kept off a node over its dirty limit in the fast path. */
    private boolean gfpWrite;
    /** The allocations are another task's, not the workload's: its direct reclaims count apart. */
    private boolean otherTask;
    /** __GFP_NORETRY: one direct reclaim, then the allocation fails ({@link #NOPAGE}) rather than retry. */
    private boolean noRetry;
    /** A __GFP_NORETRY allocation has had its one direct reclaim: the next failure gives up. */
    private boolean reclaimedOnce;
    private boolean reclaiming;
    private boolean retrying;
    /** A direct reclaim that freed something has just ended: a failed try drains the per-CPU lists once. */
    private boolean justReclaimed;
    /** should_reclaim_retry()'s no_progress_loops: direct reclaims in a row that freed nothing (4.8+ zones). */
    private int noProgressLoops;
    private long episodeStartNs;
    /** Told about each direct-reclaim episode: its length. */
    private StallSink stallSink = (cause, start, end) -> { };

    /** Receives stalls that span several sleeps (one direct-reclaim episode). */
    @FunctionalInterface
    public interface StallSink {
        void stall(StallCause cause, long startNs, long endNs);
    }

    public PageAllocator(Pgdat pgdat, Task task) {
        this.k = pgdat.k;
        this.pgdat = pgdat;
        this.task = task;
        this.reclaimer = new Reclaimer(pgdat, task);
    }

    public void setStallSink(StallSink sink) {
        this.stallSink = sink;
    }

    /**
     * Sets current->backing_dev_info: true while the task is inside a buffered write to the device, so
     * its direct reclaim may write to the congested queue (may_write_to_queue()).
     */
    public void setCurrentBdi(boolean writing) {
        this.currentBdi = writing;
    }

    /** Makes the following allocations GFP_NOFS (true) or __GFP_FS ones (false): see {@link ScanControl#mayEnterFs}. */
    public void setNoFs(boolean noFs) {
        this.noFs = noFs;
    }

    /** Makes the following allocations __GFP_WRITE ones (true): page-cache pages for a write. */
    public void setGfpWrite(boolean write) {
        this.gfpWrite = write;
    }

    /**
     * Makes the following order-0 {@link #alloc()}s __GFP_NORETRY ones (true), as readahead's
     * (readahead_gfp_mask()): after one direct reclaim that did not get the page the slow path gives up
     * ("Do not loop if specifically requested" in __alloc_pages_slowpath(); should_alloc_retry() before
     * 3.x), neither retrying nor waiting, and alloc() returns {@link #NOPAGE}.
     */
    public void setNoRetry(boolean noRetry) {
        this.noRetry = noRetry;
    }

    /** Makes this the allocator of one of the machine's other tasks (OTHER_ALLOCSTALL, OTHER_THROTTLED). */
    public void setOtherTask(boolean other) {
        this.otherTask = other;
    }

    /** True between entering direct reclaim and getting the frame: the task sleeps inside {@link #alloc()}. */
    public boolean inDirectReclaim() {
        return inDirectReclaim;
    }

    /** {@link #allocFolio}, or a __GFP_NORETRY {@link #alloc()}: the allocation failed (at its order; try a smaller one). */
    public static final int NOPAGE = -2;

    /**
     * __alloc_pages() of a page-cache folio of 2^{@code order} pages with __GFP_NORETRY (order > 0; order
     * 0 is {@link #alloc()}), on a node with zones and one LRU: the fast path at the low watermark (a
     * free block that large); else wake kswapd for the order and try the min watermark; for a costly
     * order (above PAGE_ALLOC_COSTLY_ORDER) direct compaction first, giving up when compaction was
     * skipped or deferred; then one direct reclaim (allocstall) of SWAP_CLUSTER_MAX pages at the order,
     * the min watermark again and direct compaction, and no retry. The first frame, {@link Pages#NIL}
     * when the task sleeps (call again with the same order), or {@link #NOPAGE}.
     */
    public int allocFolio(int order) {
        if (order == 0) {
            return alloc();
        }
        Zone[] zones = k.zones;
        int top = GetPageFromFreelist.highestZoneidx(zones);
        if (reclaiming) {
            if (!reclaimer.step()) {
                return Pages.NIL;
            }
            reclaiming = false;
            int z = GetPageFromFreelist.zone(zones, top, order, Zone::minWmark);
            if (z < 0 && reclaimer.scanControl().nrReclaimed > 0 && drainAllPages()) {
                z = GetPageFromFreelist.zone(zones, top, order, Zone::minWmark);
            }
            int page = z >= 0 ? take(z, order) : directCompact(order, top, order > Compaction.PAGE_ALLOC_COSTLY_ORDER);
            if (page == Pages.NIL) {
                endDirectReclaim();
                return NOPAGE;
            }
            return page;
        }
        int got = allocFromNodeZones(order);
        if (got != Pages.NIL) {
            return got;
        }
        if (order > Compaction.PAGE_ALLOC_COSTLY_ORDER) {
            int page = directCompact(order, top, true);
            if (page != Pages.NIL) {
                return page;
            }
            if (compactResult == Compaction.COMPACT_SKIPPED || compactResult == Compaction.COMPACT_DEFERRED) {
                return NOPAGE;
            }
        }
        pgdat.kswapd.wakeAll(top, order); // the retry label wakes kswapd again
        int z = GetPageFromFreelist.zone(zones, top, order, Zone::minWmark);
        if (z >= 0) {
            return take(z, order);
        }
        enterDirectReclaim(order);
        k.vmstat.inc(VmItem.DIRECT_RECLAIM_HIGH_ORDER);
        return allocFolio(order);
    }

    private int compactResult;
    /** The CPU time of the direct compactions of the allocation under way, not yet charged to the task. */
    private long compactionPs;

    /** The CPU time the allocation's direct compactions took, in ns, for the caller to charge; then 0. */
    public long takeCompactionNs() {
        long ns = compactionPs / 1_000;
        compactionPs = 0;
        return ns;
    }

    /**
     * __alloc_pages_direct_compact(): try_to_compact_pages() ({@code async}: INIT_COMPACT_PRIORITY; a
     * costly order keeps it after the first try, others compact at DEF_COMPACT_PRIORITY), then the
     * freelists at the min watermark; a compaction not skipped counts a compact_stall and a
     * compact_success or compact_fail. NIL: no page.
     */
    private int directCompact(int order, int top, boolean async) {
        long work = k.compaction.workPs();
        compactResult = k.compaction.tryToCompactPages(order, top, async);
        compactionPs += k.compaction.workPs() - work;
        if (compactResult == Compaction.COMPACT_SKIPPED) {
            return Pages.NIL;
        }
        k.vmstat.inc(VmItem.COMPACT_STALL);
        int z = GetPageFromFreelist.zone(k.zones, top, order, Zone::minWmark);
        if (z < 0) {
            k.vmstat.inc(VmItem.COMPACT_FAIL);
            return Pages.NIL;
        }
        k.compaction.allocSucceeded(z, order);
        k.vmstat.inc(VmItem.COMPACT_SUCCESS);
        return take(z, order);
    }

    /**
     * __alloc_pages_direct_reclaim()'s drain_all_pages() when the allocation after a reclaim that freed
     * something still fails: the frees may sit on per-CPU lists. False without lists (nothing to retry).
     */
    private boolean drainAllPages() {
        PerCpuPages pcp = k.pages.pcp();
        if (pcp == null) {
            return false;
        }
        pcp.drainAllPages();
        return true;
    }

    /** The direct-reclaim episode ends without a page (a __GFP_NORETRY allocation gives up). */
    private void endDirectReclaim() {
        if (inDirectReclaim) {
            inDirectReclaim = false;
            stallSink.stall(StallCause.DIRECT_RECLAIM, episodeStartNs, k.loop.now());
        }
    }

    /**
     * Allocates a page frame: its id, or {@link Pages#NIL} when the task was put to sleep (call again),
     * or, for a __GFP_NORETRY allocation ({@link #setNoRetry}), {@link #NOPAGE}.
     */
    public int alloc() {
        while (true) {
            if (reclaiming) {
                if (!reclaimer.step()) {
                    return Pages.NIL;
                }
                reclaiming = false;
                justReclaimed = reclaimer.scanControl().nrReclaimed > 0;
                if (noRetry) {
                    reclaimedOnce = true; // one more try at the freelists, then NOPAGE
                } else if (k.zones != null && !k.perZoneLru) {
                    if (!shouldReclaimRetry(reclaimer.scanControl().nrReclaimed > 0)) {
                        waitForMemory();
                        return Pages.NIL;
                    }
                } else if (reclaimer.scanControl().nrReclaimed == 0 && k.zone.freePages() <= 0) {
                    waitForMemory();
                    return Pages.NIL;
                }
            }
            if (k.zones != null && !k.perZoneLru) {
                int page = allocFromNodeZones(0);
                if (page == Pages.NIL && justReclaimed && drainAllPages()) {
                    page = allocFromNodeZones(0);
                }
                justReclaimed = false;
                if (page != Pages.NIL) {
                    return page;
                }
            } else if (k.zones != null) {
                int page = allocFromZones();
                if (page != Pages.NIL) {
                    return page;
                }
            } else {
                long free = k.zone.freePages();
                if (free <= k.zone.lowWmark()) {
                    pgdat.kswapd.wake();
                }
                if (free > k.zone.minWmark() || (inDirectReclaim && free > 0)) {
                    return take(0); // without zones every frame is in the one zone
                }
            }
            if (reclaimedOnce) {
                reclaimedOnce = false;
                endDirectReclaim();
                return NOPAGE;
            }
            enterDirectReclaim();
        }
    }

    /**
     * __alloc_pages() on a node with one LRU and zones (4.8+), for 2^{@code order} pages (a free block that
     * large where order > 0): the fast path takes a page from the first
     * zone of the zonelist above its low watermark and lowmem_reserve, waking no one, unless a write's
     * page finds the node over its dirty limit ({@link NodeDirtyOk}: spread_dirty_pages skips all its
     * zones); else the slow path, which no longer asks that (spread_dirty_pages = false), wakes kswapd
     * (wake_all_kswapds(), which leaves it asleep while the node is balanced) and tries the min
     * watermark; also after direct reclaim (the retry loop of __alloc_pages_slowpath()). NIL: reclaim
     * directly.
     */
    private int allocFromNodeZones(int order) {
        Zone[] zones = k.zones;
        int top = GetPageFromFreelist.highestZoneidx(zones);
        boolean fastPath = !inDirectReclaim && (!gfpWrite || NodeDirtyOk.ok(k));
        int z = fastPath ? GetPageFromFreelist.zone(zones, top, order, Zone::lowWmark) : -1;
        if (z < 0) {
            pgdat.kswapd.wakeAll(top, order);
            z = GetPageFromFreelist.zone(zones, top, order, Zone::minWmark);
        }
        return z < 0 ? Pages.NIL : take(z, order);
    }

    /**
     * should_reclaim_retry() after a direct reclaim that did not get the page: retry while reclaim makes
     * progress, and after MAX_RECLAIM_RETRIES (16) reclaims in a row that freed nothing give up (the
     * kernel would now consider the OOM killer). Simplification: the zone_reclaimable_pages() watermark
     * test is not made; the model has no per-zone LRU counts, and its file LRU is far above the watermarks.
     */
    private boolean shouldReclaimRetry(boolean progress) {
        noProgressLoops = progress ? 0 : noProgressLoops + 1;
        if (noProgressLoops <= MAX_RECLAIM_RETRIES) {
            return true;
        }
        noProgressLoops = 0;
        return false;
    }

    /** MAX_RECLAIM_RETRIES (mm/internal.h). */
    static final int MAX_RECLAIM_RETRIES = 16;

    /** should_alloc_retry() (before 4.8), and the model's stand-in for the OOM path (it kills nothing): wait HZ/10 and try again. */
    private void waitForMemory() {
        task.sleepFor(Hz.HZ_10_NS, null);
        if (!retrying) {
            retrying = true;
            k.hazards.waitingForMemory(task, true);
        }
    }

    /** __alloc_pages_direct_reclaim(): every try_to_free_pages() counts an allocstall, retries included. */
    private void enterDirectReclaim() {
        enterDirectReclaim(0);
    }

    /** As {@link #enterDirectReclaim()} for 2^{@code order} pages (try_to_free_pages()'s sc.order). */
    private void enterDirectReclaim(int order) {
        if (!inDirectReclaim) {
            inDirectReclaim = true;
            episodeStartNs = k.loop.now();
        }
        reclaimer.start(false, ScanControl.SWAP_CLUSTER_MAX, null, ScanControl.DEF_PRIORITY, order);
        reclaimer.scanControl().currentBdi = currentBdi;
        reclaimer.scanControl().mayEnterFs = !noFs;
        reclaimer.scanControl().otherTask = otherTask;
        reclaimer.countAllocstall();
        k.vmstat.inc(VmItem.DIRECT_RECLAIM_BEGIN);
        if (otherTask) {
            k.vmstat.inc(VmItem.OTHER_DIRECT_RECLAIM_BEGIN);
        }
        reclaiming = true;
    }

    /**
     * get_page_from_freelist() over the zonelist, the zone above ZONE_DMA first, each zone keeping its
     * lowmem_reserve against this (highest-zone) allocation: at the low watermark (the fast path),
     * else, after waking kswapd for every zone below its low watermark (wake_all_kswapd()), at the min
     * one; after direct reclaim any free page. NIL: reclaim directly.
     */
    private int allocFromZones() {
        Zone[] zones = k.zones;
        int classzone = zones.length - 1;
        for (int pass = 0; pass < 3; pass++) {
            if (pass == 1) {
                for (Zone z : zones) {
                    if (!z.watermarkOk(z.lowWmark(), 0)) {
                        pgdat.kswapd.wake();
                    }
                }
            }
            if (pass == 2 && !inDirectReclaim) {
                return Pages.NIL;
            }
            for (int i = classzone; i >= 0; i--) {
                Zone z = zones[i];
                long mark = pass == 0 ? z.lowWmark() : pass == 1 ? z.minWmark() : -1;
                if (pass == 2 ? z.freePages() > 0 : z.watermarkOk(mark, classzone)) {
                    return take(i);
                }
            }
        }
        return Pages.NIL;
    }

    /** Takes a frame of {@code zone} and ends the waiting for memory and the direct-reclaim episode, if any. */
    private int take(int zone) {
        return take(zone, 0);
    }

    /** As {@link #take(int)}, 2^{@code order} frames side by side: the first. */
    private int take(int zone, int order) {
        PerCpuPages pcp = k.pages.pcp();
        if (pcp != null) {
            for (int i = k.zones.length - 1; i >= zone; i--) {
                pcp.checkBelowHigh(i); // get_page_from_freelist() tried these zones
            }
        }
        int page = order == 0 ? k.pages.allocPcp(zone) : k.pages.alloc(zone, order);
        if (page == Pages.NIL) {
            throw new IllegalStateException("free page count and free list of zone " + zone + " disagree");
        }
        if (retrying) {
            retrying = false;
            k.hazards.waitingForMemory(task, false);
        }
        reclaimedOnce = false;
        endDirectReclaim();
        return page;
    }
}
