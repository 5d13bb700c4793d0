package io.wbreplay.replay;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.hazard.HazardChecker;
import io.wbreplay.replay.mm.BdevMap;
import io.wbreplay.replay.mm.BlockAllocator;
import io.wbreplay.replay.mm.ExtentMap;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.VmStat;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;
import io.wbreplay.replay.vmscan.Kswapd;
import io.wbreplay.replay.vmscan.ReclaimStrategies;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.writeback.BdiWriteback;
import io.wbreplay.replay.writeback.Jbd2ReservedCredits;
import io.wbreplay.replay.writeback.WbWork;
import io.wbreplay.traces.Operation;

/**
 * The simulated machine: one zone of memory and its page cache, one block device with its flusher,
 * kswapd, the reclaim strategy, on one virtual clock. Everything the kernel keeps global (vmstat,
 * the dirty thresholds) is reached from here.
 */
public final class Kernel {
    /** Told about every completed bio (for metrics). */
    @FunctionalInterface
    public interface IoObserver {
        void completed(Bio bio, long nowNs);
    }

    /** The number of pages reclaim's throttled tasks wait to see written before waking early. */
    private static final int THROTTLE_WAKE_PAGES = 32;
    /** BANDWIDTH_INTERVAL: 200 ms. */
    private static final long BANDWIDTH_INTERVAL_NS = 200_000_000L;

    public final CoreConfig config;
    public final EventLoop loop;
    public final Pages pages;
    /** The node's memory as one zone: free pages, watermarks and reclaim flags of the node. */
    public final Zone zone;
    /**
     * ZONE_DMA and the zone above it, each with its own LRU and watermarks, in the eras that reclaim
     * zone by zone (before 4.8); null where one LRU serves the node.
     */
    public final Zone[] zones;
    public final VmStat vmstat = new VmStat();
    public final PageCache cache;
    public final BlockQueue queue;
    public final BlockAllocator allocator;
    public final WriteBandwidth bandwidth = new WriteBandwidth();
    private final DirtyRatelimit dirtyRatelimit = new DirtyRatelimit();
    public final BdiWriteback bdi;
    /** The ext4 journal's reserved credits (5.6+), or null where writepages reserves none. */
    public final Jbd2ReservedCredits journal;
    public final Kswapd kswapd;
    public final ReclaimWritebackStrategy strategy;
    /** Checks every run for the hazards of reclaim writeback. */
    public final HazardChecker hazards;
    private final long[] writtenBy = new long[IoOrigin.values().length];
    private final WaitQueue reclaimThrottleWait = new WaitQueue("reclaim_wait[WRITEBACK]");
    private final WaitQueue otherThrottleWait = new WaitQueue("reclaim_wait[CONGESTED]");
    private final WaitQueue congestionWait = new WaitQueue("congestion_wqh[BLK_RW_ASYNC]");
    private final BioEndIo endIo = this::endBio;
    private final WbWork reclaimWork = new WbWork();
    private long writtenSinceThrottle;
    /** global_wb_domain.dirty_limit in pages, and when it was last updated. */
    private long domDirtyLimit;
    private long dirtyLimitStampNs;
    private boolean dirtyLimitUpdated;
    private long iputFinalOutsideWriter;
    private IoObserver observer = (bio, now) -> { };

    public Kernel(CoreConfig config, EventLoop loop, BlockQueue queue) {
        config.validate();
        this.config = config;
        this.loop = loop;
        this.queue = queue;
        int frames = (int) (config.memoryBytes / Zone.PAGE_SIZE);
        boolean zoned = config.kernel.perZoneLru() && config.memoryBytes > 2 * Zone.DMA_BYTES;
        this.pages = new Pages(frames, zoned ? (int) (Zone.DMA_BYTES / Zone.PAGE_SIZE) : 0);
        this.zone = new Zone(pages, config.kernel.watermarkScaleFactor);
        this.zones = zoned ? Zone.zonesOf(pages, zone) : null;
        this.cache = new PageCache(pages, vmstat);
        cache.setRotateActive(config.kernel.activatesDirty);
        this.domDirtyLimit = config.initialDirtyLimitBytes / Zone.PAGE_SIZE;
        this.hazards = new HazardChecker(loop, cache);
        cache.setLockObserver(hazards);
        this.allocator = new BlockAllocator(2048, config.extentPages, config.maxGapPages, config.seed);
        this.strategy = ReclaimStrategies.create(config.strategy);
        this.journal = config.kernel.dioreadNolock() && config.journalBytes > 0 && !config.fsDelallocAscending
                ? new Jbd2ReservedCredits(config.journalBytes, config.kernel) : null;
        this.bdi = new BdiWriteback(this);
        this.kswapd = new Kswapd(this);
        cache.setDirtier(bdi);
        reclaimWork.finished = true;
    }

    /** Starts the flusher and kswapd and schedules the memory hog's steps. */
    public void start() {
        populateInitialCache();
        bdi.start();
        kswapd.start();
        MemoryHogSchedule hog = config.hog;
        for (int i = 0; i < hog.steps(); i++) {
            long pinnedPages = hog.pinnedBytes(i) / Zone.PAGE_SIZE;
            loop.at(hog.timeNs(i), now -> {
                setPinned(pinnedPages);
                if (zone.freePages() <= zone.lowWmark()) {
                    kswapd.wake();
                }
            });
        }
    }

    /** Memory pinned by others (the hog): from the zone above ZONE_DMA first, as its movable allocations would be. */
    private void setPinned(long pinnedPages) {
        zone.setPinned(pinnedPages);
        if (zones != null) {
            long above = Math.min(pinnedPages, zones[Pages.ZONE_NORMAL].totalPages());
            zones[Pages.ZONE_NORMAL].setPinned(above);
            zones[Pages.ZONE_DMA].setPinned(pinnedPages - above);
        }
    }

    /**
     * The clean page cache the machine already held when the trace began (/proc/meminfo Active(file) and
     * Inactive(file)): pages of a file no record touches, the active ones on the active list. Which
     * pages are active decides how small inactive_is_low() keeps the inactive list, and so how soon
     * reclaim reaches the trace's own dirty pages.
     */
    private void populateInitialCache() {
        long active = config.initialActiveBytes / Zone.PAGE_SIZE;
        long inactive = config.initialInactiveBytes / Zone.PAGE_SIZE;
        if (active + inactive == 0) {
            return;
        }
        Inode old = newFileInode();
        for (long i = 0; i < active + inactive; i++) {
            int page = pages.alloc();
            if (page == Pages.NIL && zones != null) {
                page = pages.alloc(Pages.ZONE_DMA);
            }
            if (page == Pages.NIL) {
                throw new IllegalArgumentException("the initial page cache (" + (active + inactive) + " pages) does not fit in memory");
            }
            cache.addToPageCacheLru(page, old, i);
            pages.set(page, Pages.PG_uptodate);
            cache.unlockPage(page);
            if (i < active) {
                cache.activatePage(page);
            }
        }
        vmstat.add(VmItem.PGACTIVATE, -active); // the machine's history, not this run's activations
    }

    public void setObserver(IoObserver observer) {
        this.observer = observer;
    }

    /** A regular file with i_count 1, laid out by the extent allocator. */
    public Inode newFileInode() {
        return cache.inodes.create(new ExtentMap(allocator), cache.nodes);
    }

    /** The block-device inode of a sector-level trace's device. */
    public Inode newBdevInode() {
        return cache.inodes.create(BdevMap.INSTANCE, cache.nodes);
    }

    /** NR_FILE_DIRTY. */
    public long dirtyPages() {
        return vmstat.get(VmItem.NR_DIRTY);
    }

    /** determine_dirtyable_memory(): free pages plus the file LRU. */
    public long dirtyableMemory() {
        return Math.max(0, zone.freePages()) + vmstat.get(VmItem.NR_ACTIVE_FILE) + vmstat.get(VmItem.NR_INACTIVE_FILE);
    }

    /**
     * __wb_update_bandwidth(update_ratelimit = true), from balance_dirty_pages()' throttled path at most
     * every BANDWIDTH_INTERVAL: update_dirty_limit() and then wb_update_dirty_ratelimit().
     */
    public void updateBandwidth(long thresh, long bg, long dirty) {
        long now = loop.now();
        if (dirtyLimitUpdated && now - dirtyLimitStampNs < BANDWIDTH_INTERVAL_NS) {
            return;
        }
        long elapsed = dirtyLimitUpdated ? now - dirtyLimitStampNs : 0;
        dirtyLimitUpdated = true;
        dirtyLimitStampNs = now;
        followDirtyLimit(thresh, dirty);
        long limit = hardDirtyLimit(thresh);
        long freerun = DirtyLimits.freerun(thresh, bg);
        long dirtied = vmstat.get(VmItem.NR_DIRTIED);
        if (elapsed == 0) {
            dirtyRatelimit.stamp(dirtied);
            return;
        }
        dirtyRatelimit.update(dirtied, elapsed, Math.max(1, (long) bandwidth.pagesPerSecond()),
                DirtyThrottle.posRatio(dirty, freerun, limit), dirty, (freerun + limit) / 2);
    }

    /** wb->dirty_ratelimit in pages per second. */
    public long dirtyRatelimit() {
        return dirtyRatelimit.get();
    }

    /**
     * update_dirty_limit() (3.2+), at most every BANDWIDTH_INTERVAL (200 ms), from balance_dirty_pages()'
     * throttled path: global_wb_domain.dirty_limit follows the threshold up in one step and down
     * slowly, by 1/32 of the gap to max(thresh, dirty) each time, so that after memory is taken away
     * (a memory hog) the old, higher limit lets dirty pages overshoot the new threshold for seconds.
     */
    private void followDirtyLimit(long thresh, long dirty) {
        if (domDirtyLimit < thresh) {
            domDirtyLimit = thresh;
            return;
        }
        long target = Math.max(thresh, dirty);
        if (domDirtyLimit > target) {
            domDirtyLimit -= (domDirtyLimit - target) >> 5;
        }
    }

    /** hard_dirty_limit(): the higher of the threshold and the domain's smoothed dirty_limit. */
    public long hardDirtyLimit(long thresh) {
        return Math.max(thresh, domDirtyLimit);
    }

    public long backgroundThresh() {
        return DirtyLimits.background(config, dirtyableMemory());
    }

    public long dirtyThresh() {
        return DirtyLimits.thresh(config, dirtyableMemory());
    }

    /** over_bground_thresh(). */
    public boolean overBackgroundThresh() {
        return dirtyPages() > backgroundThresh();
    }

    /** A write bio for the writeback of page-cache pages; its completion ends their writeback. */
    public Bio newWriteBio(Task submitter, long sector, IoOrigin origin) {
        Bio b = new Bio();
        b.sector = sector;
        b.op = Operation.WRITE;
        b.origin = origin;
        b.submitter = submitter;
        b.endIo = endIo;
        return b;
    }

    /** A read bio filling locked page-cache pages; its completion unlocks them. */
    public Bio newReadBio(Task submitter, long sector) {
        Bio b = new Bio();
        b.sector = sector;
        b.op = Operation.READ;
        b.origin = IoOrigin.READ;
        b.flags = io.wbreplay.traces.IoRecord.SYNC;
        b.submitter = submitter;
        b.endIo = endIo;
        return b;
    }

    /** submit_bio(): false when the task now sleeps for a free request. */
    public boolean submitBio(Task task, Bio bio) {
        vmstat.add(bio.op == Operation.READ ? VmItem.PGPGIN : VmItem.PGPGOUT, bio.bytes / 1024);
        if (queue.submitBio(task, bio)) {
            return true;
        }
        if (task != null) {
            hazards.queueWait(task);
        }
        return false;
    }

    /** Reports a bio completed by someone else's end_io (direct I/O, flushes) to the observer. */
    public void completed(Bio bio, long nowNs) {
        observer.completed(bio, nowNs);
    }

    /** end_bio_bh_io_sync / mpage_end_io: ends writeback of written pages, unlocks read pages. */
    private void endBio(Bio bio, long nowNs) {
        int n = bio.nrPages();
        if (bio.op == Operation.WRITE) {
            for (int i = 0; i < n; i++) {
                cache.endPageWriteback(bio.page(i));
            }
            bandwidth.update(nowNs, vmstat.get(VmItem.NR_WRITTEN));
            // __acct_reclaim_writeback(): throttled reclaimers wake once SWAP_CLUSTER_MAX pages per waiter are written
            writtenSinceThrottle += n;
            if (writtenSinceThrottle >= THROTTLE_WAKE_PAGES * Math.max(1, reclaimThrottleWait.size())) {
                writtenSinceThrottle = 0;
                reclaimThrottleWait.wakeAll();
            }
            if (!congestionWait.isEmpty() && !queue.writeCongested()) { // clear_bdi_congested() wakes congestion_wait()
                congestionWait.wakeAll();
            }
        } else {
            for (int i = 0; i < n; i++) {
                int p = bio.page(i);
                pages.set(p, Pages.PG_uptodate);
                cache.unlockPage(p);
            }
        }
        observer.completed(bio, nowNs);
    }

    /** NR_VMSCAN_WRITE: {@code pages} written by reclaim in {@code task}'s context, kswapd or direct. */
    public void accountVmscanWrite(Task task, long pages) {
        vmstat.add(VmItem.NR_VMSCAN_WRITE, pages);
        vmstat.add(task == kswapd ? VmItem.VMSCAN_WRITE_KSWAPD : VmItem.VMSCAN_WRITE_DIRECT, pages);
    }

    /** Counts pages written by an origin (flusher kinds, reclaim, writer). */
    public void accountWritten(IoOrigin origin, long nPages) {
        writtenBy[origin.ordinal()] += nPages;
    }

    public long writtenBy(IoOrigin origin) {
        return writtenBy[origin.ordinal()];
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
        vmstat.inc(reason);
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
        if (onlyIfCongested && !queue.writeCongested()) {
            return;
        }
        vmstat.inc(VmItem.THROTTLED_CONGESTED);
        task.sleepOnFor(congestionWait, Hz.HZ_10_NS, cause);
    }

    /**
     * wakeup_flusher_threads(WB_REASON_VMSCAN): queue (or grow, if still queued) one work asking the
     * flusher to write {@code nrPages} more pages of any inode.
     */
    public void wakeFlusherForReclaim(long nrPages) {
        if (!reclaimWork.finished && bdi.hasQueuedWork()) {
            reclaimWork.nrPages += nrPages;
            return;
        }
        if (!reclaimWork.finished) {
            return; // running: it keeps going while pages remain
        }
        WbWork w = reclaimWork.reset();
        w.nrPages = Math.max(nrPages, 1024);
        w.origin = IoOrigin.FLUSHER_BACKGROUND;
        bdi.queueWork(w);
    }

    /**
     * wakeup_flusher_threads(WB_REASON_VMSCAN) as shrink_inactive_list() calls it since 4.11, when a
     * whole batch was unqueued dirty pages: a work for every dirty page (wb_start_writeback()).
     */
    public void wakeFlusherForAllDirty() {
        wakeFlusherForReclaim(dirtyPages());
    }

    /** Notes an iput_final() run by a task that is not the file's own writer (flusher, reclaim). */
    public void iputFinalBy(Task task, Inode inode) {
        iputFinalOutsideWriter++;
        hazards.iputFinal(task, inode);
    }

    public long iputFinalOutsideWriter() {
        return iputFinalOutsideWriter;
    }
}
