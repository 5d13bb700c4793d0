package io.wbreplay.replay;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;
import io.wbreplay.replay.block.BioSet;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.hazard.HazardChecker;
import io.wbreplay.replay.mm.BdevMap;
import io.wbreplay.replay.mm.BlockAllocator;
import io.wbreplay.replay.fs.Ext2fsMkjournal;
import io.wbreplay.replay.fs.Jbd2Journal;
import io.wbreplay.replay.mm.Ext4MbGroupPa;
import io.wbreplay.replay.mm.ExtentMap;
import io.wbreplay.replay.mm.InitialCacheRuns;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.PerCpuPages;
import io.wbreplay.replay.mm.ShadowEntries;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.VmStat;
import io.wbreplay.replay.mm.CalculateTotalreservePages;
import io.wbreplay.replay.mm.Compaction;
import io.wbreplay.replay.mm.GetPageFromFreelist;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.mm.ZoneSizesInit;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.Operation;
import java.util.SplittableRandom;

/**
 * The simulated machine's shared state: one zone of memory and its page cache, vmstat, the block
 * device's queue, the hazard checker, on one virtual clock, and the bios page-cache I/O is carried in.
 * It holds no subsystem that acts on its own: the flusher (writeback), kswapd and the reclaim strategy
 * (vmscan) are built on top of it by {@code driver.Machine}, and reach each other only through it and
 * the narrow interfaces of their layers.
 */
public final class Kernel {
    /** Told about every completed bio (for metrics). */
    @FunctionalInterface
    public interface IoObserver {
        void completed(Bio bio, long nowNs);
    }

    /**
     * What end_page_writeback() accounts for elsewhere (the write bandwidth, reclaim's throttled
     * waiters): {@code nrPages} of one bio ended writeback, the last pages under writeback of
     * {@code inodesEnded} mappings among them (wb_inode_writeback_end()).
     */
    @FunctionalInterface
    public interface WritebackEndHook {
        void ended(int nrPages, int inodesEnded, long nowNs);
    }


    public final CoreConfig config;
    public final EventLoop loop;
    public final Pages pages;
    /** The node's memory as one zone: free pages, watermarks and reclaim flags of the node. */
    public final Zone zone;
    /**
     * The node's zones, each with its free pages and watermarks, ZONE_DMA first: before 4.8 ZONE_DMA and
     * the zone above it, each with its own LRU ({@link #perZoneLru}); from 4.8 DMA, DMA32 and Normal as
     * an x86-64 node has them ({@link ZoneSizesInit}), sharing the node's LRU. Null for memory in one zone.
     */
    public final Zone[] zones;
    /** Reclaim scans an LRU per zone (the eras before 4.8, with {@link #zones}). */
    public final boolean perZoneLru;
    /** calculate_totalreserve_pages() (0 in the eras before 3.3, whose dirtyable memory counts them). */
    public final long totalreservePages;
    public final VmStat vmstat = new VmStat();
    public final PageCache cache;
    public final BlockQueue queue;
    public final BlockAllocator allocator;
    /** The ext4 journal's reserved credits (5.6+), or null where writepages reserves none. */
    public final Jbd2ReservedCredits journal;
    /** The ext4 journal's log, which fsync commits to (null: no journal, or not ext4). */
    public final Jbd2Journal jbd2;
    /** mballoc's locality-group preallocation for small files (null: not ext4). */
    private final Ext4MbGroupPa groupPa;
    /** Compaction of the zones for high-order folios ({@link KernelEra#ext4LargeFolios()}), or null. */
    public final Compaction compaction;
    /** Checks every run for the hazards of reclaim writeback. */
    public final HazardChecker hazards;
    private final long[] writtenBy = new long[IoOrigin.values().length];
    /** Pages the flusher wrote of one inode in each writeback_single_inode() pass that wrote any (the tracepoint's wrote), exact. */
    private long[] writebackInodePages = new long[64];
    private int writebackInodePasses;
    private final BioEndIo endIo = this::endBio;
    /** The page cache's bios ({@link #newWriteBio}, {@link #newReadBio}), back after {@link #endBio}. */
    private final BioSet bios = new BioSet();
    private WritebackEndHook[] writebackEnd = {};
    private long iputFinalOutsideWriter;
    private IoObserver observer = (bio, now) -> { };
    /** The file of the initial page cache (the machine's other files), or null without one. */
    private Inode initialCacheInode;
    /** Each zone's recorded file pages ({@code --zones} MANAGED/PINNED/FILE) until the initial cache is in place, else 0. */
    private long[] cacheToPlace;

    public Kernel(CoreConfig config, EventLoop loop, BlockQueue queue) {
        config.validate();
        this.config = config;
        this.loop = loop;
        this.queue = queue;
        int frames = (int) (config.memoryBytes / Zone.PAGE_SIZE);
        if (config.kernel.perZoneLru()) {
            this.perZoneLru = config.memoryBytes > 2 * Zone.DMA_BYTES;
            this.pages = new Pages(frames, perZoneLru ? (int) (Zone.DMA_BYTES / Zone.PAGE_SIZE) : 0);
        } else {
            this.perZoneLru = false;
            this.pages = new Pages((config.zones != null ? config.zones : ZoneSizesInit.x8664(frames)).frames());
        }
        this.zone = new Zone(pages, config.kernel.watermarkScaleFactor, config.minFreeKbytes);
        this.zones = perZoneLru ? Zone.zonesOf(pages, zone) : pages.zones() > 1 ? Zone.nodeZones(pages, zone) : null;
        if (zones != null && !perZoneLru && config.kernel.perCpuPageLists()) {
            pages.setPcp(new PerCpuPages(pages, zones, config.cpus, loop::cpu, loop::now));
        }
        this.totalreservePages = config.kernel.perZoneLru() ? 0
                : zones != null ? CalculateTotalreservePages.of(zones) : Math.min(zone.highWmark(), zone.totalPages());
        this.cache = new PageCache(pages, vmstat, perZoneLru);
        cache.setRotateActive(config.kernel.activatesDirty);
        cache.setWritebackClearsReclaim(!config.kernel.writebackKeepsReclaimMark());
        this.cacheToPlace = zones != null && !perZoneLru && config.zones != null ? config.zones.file() : null;
        this.compaction = zones != null && !perZoneLru && config.kernel.ext4LargeFolios() && !config.fsDelallocAscending
                ? new Compaction(pages, cache, vmstat, zones) : null;
        this.hazards = new HazardChecker(loop, cache);
        cache.setLockObserver(hazards);
        this.allocator = new BlockAllocator(2048, config.extentPages, config.maxGapPages, config.seed);
        this.journal = config.kernel.dioreadNolock() && config.journalBytes > 0 && !config.fsDelallocAscending
                ? new Jbd2ReservedCredits(config.journalBytes, config.kernel) : null;
        boolean ext4 = !config.fsDelallocAscending;
        this.jbd2 = ext4 && config.journalBytes > 0
                ? new Jbd2Journal(Ext2fsMkjournal.journalFirstBlock(config.fsSizeBytes), config.journalBytes / Zone.PAGE_SIZE) : null;
        this.groupPa = ext4 ? new Ext4MbGroupPa(allocator) : null;
    }

    /** The pages each zone of the node manages (the whole memory when the model has one zone). */
    public long[] zonePages() {
        long[] managed = new long[pages.zones()];
        for (int z = 0; z < managed.length; z++) {
            managed[z] = pages.zoneFrames(z);
        }
        return managed;
    }

    /**
     * Memory pinned by others (the hog). Before 4.8: from the zone above ZONE_DMA first. From 4.8: where
     * the recording says it sat ({@link ZoneSizesInit#pinned()}, in proportion up to what it saw), else,
     * and for what is pinned beyond what the recording saw, placed as the allocator places pages, from
     * the free pages of each zone, highest first.
     */
    public void setPinned(long pinnedPages) {
        if (zones == null) {
            zone.setPinned(pinnedPages);
            return;
        }
        setZonesPinned(pinnedPages);
        long owed = 0;
        for (Zone z : zones) {
            owed += z.owed();
        }
        zone.setOwed(owed);
    }

    private void setZonesPinned(long pinnedPages) {
        if (perZoneLru) {
            long above = Math.min(pinnedPages, zones[Pages.ZONE_NORMAL].totalPages());
            zones[Pages.ZONE_NORMAL].setPinned(above);
            zones[Pages.ZONE_DMA].setPinned(pinnedPages - above);
            return;
        }
        int top = zones.length - 1;
        long[] recorded = config.zones != null ? config.zones.pinned() : null;
        if (recorded != null) {
            long sum = 0;
            for (long p : recorded) {
                sum += p;
            }
            long seen = Math.min(pinnedPages, sum);
            long left = seen;
            for (int z = 0; z < top; z++) {
                long share = sum == 0 ? 0 : Math.min(zones[z].totalPages(), (long) ((double) seen * recorded[z] / sum));
                zones[z].setPinned(share);
                left -= share;
            }
            zones[top].setPinned(left);
            pinAsAllocated(pinnedPages - seen);
            return;
        }
        long delta = pinnedPages;
        for (Zone z : zones) {
            delta -= z.pinned();
        }
        for (int z = top; z >= 0 && delta < 0; z--) { // the hog freed memory: the highest zones first
            long back = Math.min(-delta, zones[z].pinned());
            zones[z].setPinned(zones[z].pinned() - back);
            delta += back;
        }
        pinAsAllocated(delta);
    }

    /**
     * Pins {@code delta} more pages as allocations would take them: each zone down to low +
     * lowmem_reserve (the fast path), then down to min + lowmem_reserve, then (what reclaim would have
     * freed) the top zone.
     */
    private void pinAsAllocated(long delta) {
        int top = zones.length - 1;
        for (int pass = 0; pass < 2 && delta > 0; pass++) {
            for (int z = top; z >= 0 && delta > 0; z--) {
                Zone zone = zones[z];
                long mark = (pass == 0 ? zone.lowWmark() : zone.minWmark()) + zone.lowmemReserve(top);
                long cache = cacheToPlace == null ? 0 : cacheToPlace[z]; // the frames the old cache is to have
                long take = Math.max(0, Math.min(delta, zone.freePages() - cache - mark - 1));
                zone.setPinned(zone.pinned() + take);
                delta -= take;
            }
        }
        if (delta > 0) {
            zones[top].setPinned(zones[top].pinned() + delta);
        }
    }

    /**
     * The clean page cache the machine already held when the trace began (/proc/meminfo Active(file) and
     * Inactive(file)): pages of a file no record touches, the active ones on the active list. Which
     * pages are active decides how small inactive_is_low() keeps the inactive list, and so how soon
     * reclaim reaches the trace's own dirty pages. From 4.8 the frames lie in runs among the pinned
     * memory ({@link InitialCacheRuns}), but the LRU holds the pages in the order they were last used,
     * which has nothing to do with where their frames lie (most of the old cache is order-0 folios, each
     * an LRU entry of its own): the pages take their LRU places in a shuffled order (seeded), so that
     * reclaim frees a run's frames at different times, not as one block. Where the recording gives each
     * zone's file pages ({@code --zones} MANAGED/PINNED/FILE), that many old pages lie in each zone, and
     * the rest, read since, was allocated from the free blocks of the zone the allocator takes now (run
     * BO: 29 k file pages in Normal and 50 in DMA32, 47 k when fio started). Simplification: the old
     * cache's large folios are split as well.
     */
    public void populateInitialCache() {
        long active = config.initialActiveBytes / Zone.PAGE_SIZE;
        long inactive = config.initialInactiveBytes / Zone.PAGE_SIZE;
        if (active + inactive == 0) {
            cacheToPlace = null;
            return;
        }
        Inode old = newFileInode();
        initialCacheInode = old;
        if (config.otherRefaultsPerS > 0) { // read back by the other tasks: keep its shadow entries
            old.mapping.shadows = new ShadowEntries((int) (active + inactive));
        }
        long total = active + inactive;
        InitialCacheRuns runs = zones != null && !perZoneLru ? new InitialCacheRuns(config.initialCacheRuns) : null;
        int[] frames = new int[Math.toIntExact(total)];
        // where a recording names each zone's file pages: that many old pages in each zone, the highest
        // first; the cache read since (the rest) freshly allocated, where the allocator puts it now
        long[] quota = cacheToPlace;
        int qz = quota == null ? -1 : quota.length - 1;
        long qStart = 0;
        long qEnd = quota == null ? 0 : quota[qz];
        for (int i = 0; i < total; ) {
            int n = 1;
            int page;
            if (runs != null) {
                int order = Math.min(runs.nextOrder(), 63 - Long.numberOfLeadingZeros(total - i));
                int z;
                double share;
                if (quota != null) {
                    while (qz >= 0 && i >= qEnd) {
                        qz--;
                        qStart = i;
                        qEnd = qz >= 0 ? i + quota[qz] : Long.MAX_VALUE;
                    }
                    z = qz;
                    share = z >= 0 ? (double) (i - qStart) / quota[z] : 0;
                    order = z >= 0 ? Math.min(order, 63 - Long.numberOfLeadingZeros(qEnd - i)) : 0;
                } else {
                    z = zoneInitial();
                    share = (double) i / total;
                }
                page = z >= 0 ? takeFromPinned(z, order, share) : Pages.NIL;
                if (page != Pages.NIL) {
                    n = 1 << order;
                } else {
                    page = allocInitial();
                }
            } else {
                page = pages.alloc();
            }
            if (page == Pages.NIL) {
                throw new IllegalArgumentException("the initial page cache (" + total + " pages) does not fit in memory");
            }
            for (int k = 0; k < n; k++) {
                frames[i++] = page + k;
            }
        }
        if (runs != null) {
            shuffle(frames, new SplittableRandom(config.seed));
        }
        for (int i = 0; i < total; i++) {
            cache.addToPageCacheLru(frames[i], old, i);
            pages.set(frames[i], Pages.PG_uptodate);
            cache.unlockPage(frames[i]);
            if (i < active) {
                cache.activatePage(frames[i]);
            }
        }
        vmstat.add(VmItem.PGACTIVATE, -active); // the machine's history, not this run's activations
        cacheToPlace = null;
    }

    /** Fisher-Yates: every order of {@code a} equally likely, the same for the same {@code rnd}. */
    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * A block of 2^{@code order} frames of zone {@code z} for the initial cache from among the pinned
     * memory's, about {@code share} of the way through it ({@link InitialCacheRuns}: the cache was there
     * before the hog, which took the frames around it), the hog given instead the free frames the cache
     * would have taken; NIL if the zone has too few free frames or the hog no such block.
     */
    private int takeFromPinned(int z, int order, double share) {
        if (pages.nrFree(z) < 1 << order) {
            return Pages.NIL;
        }
        int first = zones[z].takePinned(order, share);
        if (first != Pages.NIL) {
            zones[z].setPinned(zones[z].pinned());
        }
        return first;
    }

    /** The file of the initial page cache ({@link #populateInitialCache()}), or null if there was none. */
    public Inode initialCacheInode() {
        return initialCacheInode;
    }

    /**
     * A page of the initial cache from 4.8: where the allocator's fast path would have put it with the
     * pinned memory in place (a zone above low + lowmem_reserve), else at the min watermark, else any.
     */
    private int allocInitial() {
        int z = zoneInitial();
        return z >= 0 ? pages.alloc(z) : pages.alloc();
    }

    /** The zone {@link #allocInitial()} takes from, or -1 for any with a free frame. */
    private int zoneInitial() {
        int top = GetPageFromFreelist.highestZoneidx(zones);
        int z = GetPageFromFreelist.zone(zones, top, Zone::lowWmark);
        return z >= 0 ? z : GetPageFromFreelist.zone(zones, top, Zone::minWmark);
    }

    /** The writeback_single_inode tracepoint: the flusher wrote {@code wrote} pages of one inode in one pass. */
    public void writebackSingleInode(long wrote) {
        if (wrote > 0) {
            if (writebackInodePasses == writebackInodePages.length) {
                writebackInodePages = java.util.Arrays.copyOf(writebackInodePages, writebackInodePasses * 2);
            }
            writebackInodePages[writebackInodePasses++] = wrote;
        }
    }

    /** The pages of each flusher pass over one inode that wrote any ({@link #writebackSingleInode}), in order. */
    public long[] writebackInodePages() {
        return java.util.Arrays.copyOf(writebackInodePages, writebackInodePasses);
    }

    /** Adds a hook run when a write bio's pages have ended writeback, after those added before. */
    public void onWritebackEnd(WritebackEndHook hook) {
        writebackEnd = java.util.Arrays.copyOf(writebackEnd, writebackEnd.length + 1);
        writebackEnd[writebackEnd.length - 1] = hook;
    }

    public void setObserver(IoObserver observer) {
        this.observer = observer;
    }

    /** A regular file with i_count 1, laid out by the extent allocator. */
    public Inode newFileInode() {
        ExtentMap map = new ExtentMap(allocator, groupPa, jbd2 == null ? null : jbd2::dataAllocated);
        Inode inode = cache.inodes.create(map, cache.nodes);
        map.setInode(inode);
        return inode;
    }

    /** The block-device inode of a sector-level trace's device. */
    public Inode newBdevInode() {
        return cache.inodes.create(BdevMap.INSTANCE, cache.nodes);
    }

    /** NR_FILE_DIRTY. */
    public long dirtyPages() {
        return vmstat.get(VmItem.NR_DIRTY);
    }

    /**
     * determine_dirtyable_memory() / global_dirtyable_memory(): free pages, less the kernel's reserves
     * (totalreserve_pages, 3.3+), plus the file LRU.
     */
    public long dirtyableMemory() {
        long free = Math.max(0, zone.freePages());
        return free - Math.min(free, totalreservePages) + vmstat.get(VmItem.NR_ACTIVE_FILE) + vmstat.get(VmItem.NR_INACTIVE_FILE);
    }

    /** A write bio for the writeback of page-cache pages; its completion ends their writeback. */
    public Bio newWriteBio(Task submitter, long sector, IoOrigin origin) {
        Bio b = bios.alloc();
        b.sector = sector;
        b.op = Operation.WRITE;
        b.origin = origin;
        b.submitter = submitter;
        b.endIo = endIo;
        return b;
    }

    /** A read bio filling locked page-cache pages; its completion unlocks them. */
    public Bio newReadBio(Task submitter, long sector) {
        Bio b = bios.alloc();
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
            int inodesEnded = 0;
            for (int i = 0; i < n; i++) {
                if (cache.endPageWriteback(bio.page(i))) {
                    inodesEnded++;
                }
            }
            for (WritebackEndHook h : writebackEnd) {
                h.ended(n, inodesEnded, nowNs);
            }
        } else {
            for (int i = 0; i < n; i++) {
                int p = bio.page(i);
                pages.set(p, Pages.PG_uptodate);
                cache.unlockPage(p);
            }
        }
        observer.completed(bio, nowNs);
        bios.put(bio); // the request's completion reads only its later bios, and frees it after them
    }

    /** The vmstat counters now, indexed by {@link VmItem#ordinal()}, NR_FREE_PAGES being the zone's own gauge. */
    public long[] counters() {
        long[] c = vmstat.snapshot();
        c[VmItem.NR_FREE_PAGES.ordinal()] = zone.freePages();
        return c;
    }

    /** Counts pages written by an origin (flusher kinds, reclaim, writer). */
    public void accountWritten(IoOrigin origin, long nPages) {
        writtenBy[origin.ordinal()] += nPages;
    }

    public long writtenBy(IoOrigin origin) {
        return writtenBy[origin.ordinal()];
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
