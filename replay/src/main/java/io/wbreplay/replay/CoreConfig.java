package io.wbreplay.replay;

import io.wbreplay.replay.hazard.OnDeadlock;
import io.wbreplay.traces.synth.MemoryHogSchedule;

/**
 * The tunables of one simulated machine, with the kernel's defaults (/proc/sys/vm and friends).
 * Mutable for convenient setup; the {@link Kernel} reads it once.
 */
public final class CoreConfig implements Cloneable {
    /** How balance_dirty_pages() throttles a writer. */
    public enum Throttle {
        /** 3.2+: the writer only sleeps, paced by pos_ratio around the setpoint. */
        IO_LESS("io-less"),
        /** Before 3.2: the writer writes back pages itself, then sleeps. */
        WRITER_WRITES("writer-writes");

        private final String label;

        Throttle(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Throttle byLabel(String s) {
            for (Throttle t : values()) {
                if (t.label.equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown throttle mode '" + s + "'; expected io-less or writer-writes");
        }
    }

    public long memoryBytes = 1L << 30;
    /**
     * The node's zones from 4.8 (managed pages each, and where the pinned memory sat), as a recording's
     * /proc/zoneinfo gave them; null takes the x86-64 layout of {@link #memoryBytes}. When set, the
     * memory is their sum.
     */
    public io.wbreplay.replay.mm.ZoneSizesInit zones;
    /** vm.dirty_ratio and vm.dirty_background_ratio, percent of dirtyable memory. */
    public int dirtyRatio = 20;
    public int dirtyBackgroundRatio = 10;
    /** vm.dirty_bytes and vm.dirty_background_bytes; 0 = use the ratios. */
    public long dirtyBytes;
    public long dirtyBackgroundBytes;
    /**
     * global_wb_domain.dirty_limit when the run starts (global_dirty_state's dirty_limit), in bytes: a
     * limit left high from before memory was taken away lets dirty pages overshoot; 0 is the state at
     * boot, which follows the first threshold computed.
     */
    public long initialDirtyLimitBytes;
    /**
     * The device's write bandwidth estimate (wb->avg_write_bandwidth; with
     * {@link #initialRawWriteBandwidthBytes} wb->write_bandwidth, 0: the same) and its dirty_ratelimit
     * when the run starts, in bytes per second (bdi_dirty_ratelimit and balance_dirty_pages
     * tracepoints); 0 is INIT_BW (100 MB/s), as for a device just registered.
     */
    public long initialWriteBandwidthBytes;
    public long initialRawWriteBandwidthBytes;
    public long initialDirtyRatelimitBytes;
    /**
     * vm.min_free_kbytes; 0 = what init_per_zone_wmark_min() computes from the memory size. A kernel
     * with transparent hugepages enabled raises it at boot (khugepaged's set_recommended_min_free_kbytes()),
     * so a recorded machine's own value is what sets its watermarks.
     */
    public long minFreeKbytes;
    /**
     * kswapd's CPU time per page it scanned: the least-squares split of its CPU time over pages scanned
     * and balance_pgdat() runs, all the recordings of traces/samples/recorded that kept its schedstat
     * together (41 on Linux 6.18 on this project's 2-CPU machine: 189.6 ns a page and 118.2 us a run;
     * pages alone, 231 ns). Scanning is never free: a model without this cost let direct reclaim scan
     * 1.46 G pages in run A's 30 s, 100x the kernel.
     */
    public static final long RECORDED_RECLAIM_SCAN_NS = 190;
    /**
     * kswapd's CPU time over the pages it scanned alone, the same recordings pooled (231 ns): the cost per
     * page in the eras whose runs are not charged ({@link KernelEra#chargesKswapdRuns()}), so that their
     * kswapd still spends the measured time.
     */
    public static final long POOLED_RECLAIM_SCAN_NS = 231;
    /**
     * kswapd's CPU time per balance_pgdat() run beyond its scanning, the same split's other part: what
     * each run's priorities cost whether they find pages or not (shrink_slab() and the memcg walk of
     * each shrink_node(), the zone checks).
     */
    public static final long RECORDED_KSWAPD_RUN_NS = 118_000;
    /**
     * CPU time reclaim spends per page it takes off the inactive list (its active-list work included),
     * in ns; 0 = reclaim costs no time; null: the era's ({@link #reclaimScanNs()}). A recording that kept kswapd's schedstat gives its own:
     * kswapd's CPU time over pgscan_kswapd.
     */
    public Long reclaimScanNs;
    /** CPU time of each kswapd run (balance_pgdat()) besides its scanning, in ns; 0 = none; null: the era's. */
    public Long kswapdRunNs;

    /** {@link #reclaimScanNs}, or the era's: the measured split's where runs are charged, else the pooled cost. */
    public long reclaimScanNs() {
        return reclaimScanNs != null ? reclaimScanNs
                : kernel.chargesKswapdRuns() ? RECORDED_RECLAIM_SCAN_NS : POOLED_RECLAIM_SCAN_NS;
    }

    /** {@link #kswapdRunNs}, or the era's: the measured cost where runs are charged, else none. */
    public long kswapdRunNs() {
        return kswapdRunNs != null ? kswapdRunNs : kernel.chargesKswapdRuns() ? RECORDED_KSWAPD_RUN_NS : 0;
    }
    /**
     * CPU time a buffered write spends per page it copies into the page cache (generic_perform_write()'s
     * per-folio work), in ns; 0 = writing costs no time, as before. A recording that kept the workload's
     * CPU time gives it: that time, less its direct reclaim's scanning, over the pages it wrote.
     */
    public long writePageNs;
    /** Clean page cache already held when the run starts, active and inactive (meminfo Active(file), Inactive(file)). */
    public long initialActiveBytes;
    public long initialInactiveBytes;
    /**
     * The machine's other tasks read back evicted pages of their own files (the initial page cache's) at
     * this many pages a second while the workload runs (a recording's workingset_refault_file over its
     * run time); 0 = no other tasks, as before.
     */
    public long otherRefaultsPerS;
    /** The machine's other devices' writeback completions, pages a second (--other-writeout); 0: none. */
    public long otherWriteoutPerS;
    /**
     * A task reads the root memcg's memory.stat every this many ns (--memcg-stat-reads); 0: none. Each
     * read flushes the memcg statistics reclaim reads (6.12+), between the periodic flushes.
     */
    public long memcgStatReadNs;
    /** How many other tasks read them back, at most one read each at a time (a recording's CPUs). */
    public int otherTasks = 1;
    /** The machine's CPUs: per-CPU vmstat deltas and their stat_threshold ({@link io.wbreplay.replay.mm.NodePageState}). */
    public int cpus = 1;
    /**
     * The evicted pages one of their reads brings back at once (a major fault's read-around, its pages
     * allocated __GFP_NORETRY): a recording's pgpgin over pgmajfault; 1 = one page, no read-around.
     */
    public int otherReadPages = 1;
    /**
     * The buddy allocator's fragmenting fallbacks in the highest zone, how many each second of the run
     * (--fallbacks; a recording's claims of another migratetype's pageblock below pageblock_order, each of
     * which boosts the zone's watermarks, 5.0+); empty = none, as before.
     */
    public int[] fallbacksPerS = new int[0];
    /**
     * Where the initial page cache lies among the pinned memory (node-zone eras): runs of 1, 2, 4, 8 and
     * 16+ frames, in proportion ({@link io.wbreplay.replay.mm.InitialCacheRuns}).
     */
    public int[] initialCacheRuns = io.wbreplay.replay.mm.InitialCacheRuns.MEASURED.clone();
    public int dirtyExpireCentisecs = 3000;
    public int dirtyWritebackCentisecs = 500;
    /** The kernel era whose core behaviours the run models ({@link KernelEra}). */
    public KernelEra kernel = KernelEra.DEFAULT;
    /** balance_dirty_pages() mode; null takes the era's. */
    public Throttle throttle;
    /** File layout: extent size in pages (a power of two) and the largest gap between extents. */
    public int extentPages = 32768;
    public int maxGapPages;
    public long seed = 1;
    public MemoryHogSchedule hog = MemoryHogSchedule.NONE;
    /** The strategy of today's kernel, the model's baseline. */
    public static final String DEFAULT_STRATEGY = "no-reclaim-writeback";
    /** The reclaim writeback strategy, by name. */
    public String strategy = DEFAULT_STRATEGY;
    /**
     * write-around: the aligned window of pages around a reclaimed page that is written with it;
     * SWAP_CLUSTER_MAX, the nr_to_write of vmscan's writeback_control.
     */
    public int writeAroundPages = 32;
    /** write-ahead: at most this many pages, the reclaimed one and those after it (the same nr_to_write budget). */
    public int writeAheadPages = 32;
    /** flusher-pageout: above this many queued pageout works reclaim throttles (Wu, 2012: 128). */
    public int pageoutThrottleWorks = 128;
    /** flusher-pageout: above this many queued works a new one is refused and counted dropped (Wu, 2012: 256). */
    public int pageoutMaxWorks = 256;
    /**
     * flusher-pageout: the write-around unit in pages; 0 takes it from the write bandwidth as the patch
     * does, rounddown_pow_of_two(avg_write_bandwidth + 1024) >> 6 (8-16 ms of I/O; 256 pages at 100 MB/s).
     */
    public int pageoutUnitPages;
    /** flusher-pageout: a queued work grows by merging to at most this many units (Wu, 2012: 8). */
    public int pageoutMaxUnits = 8;
    /**
     * The filesystem locks the contiguous delalloc pages after the one it writes in ascending order,
     * blocking, before writing them as one extent (btrfs find_lock_delalloc_range() /
     * lock_delalloc_pages()); off: ->writepage writes only its page (ext2/ext3-like).
     */
    public boolean fsDelallocAscending;
    /**
     * The ext4 journal's size: from 5.6 on, the writeback in flight is bounded by the credits it lets
     * writepages reserve (Jbd2ReservedCredits). 64 MiB is mke2fs's default for a 4-16 GiB file system;
     * 0 models a file system without (ext4 mounted dioread_lock, or one without a journal).
     */
    public long journalBytes = 64L << 20;
    /**
     * The ext4 file system's size: where mke2fs put its journal (Ext2fsMkjournal), which fsync's
     * commits write. 8 GiB unless the recording says (queue.txt {@code size=}).
     */
    public long fsSizeBytes = 8L << 30;
    /** The largest delalloc range the filesystem locks at once, in pages (btrfs: 128 MiB). */
    public int delallocMaxPages = 32768;
    /** What a run does when tasks deadlock. */
    public OnDeadlock onDeadlock = OnDeadlock.REPORT;

    /** The throttling mode: the one given, else the era's. */
    public Throttle throttle() {
        return throttle != null ? throttle : kernel.throttle;
    }

    public long dirtyExpireNs() {
        return dirtyExpireCentisecs * 10_000_000L;
    }

    public long dirtyWritebackNs() {
        return dirtyWritebackCentisecs * 10_000_000L;
    }

    /** An independent copy (e.g. one per strategy of a side-by-side run). */
    public CoreConfig copy() {
        try {
            return (CoreConfig) super.clone(); // every field is a primitive, a String or immutable
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    public void validate() {
        if (zones != null) {
            if (kernel.perZoneLru()) {
                throw new IllegalArgumentException("--zones sets the zones of a node with one LRU (--kernel 4.11 or later); "
                        + kernel.label() + " has ZONE_DMA and one zone above it, from --memory");
            }
            memoryBytes = zones.totalFrames() * 4096;
        }
        if (memoryBytes < 16L << 20) {
            throw new IllegalArgumentException("memory must be at least 16 MiB, not " + memoryBytes + " bytes");
        }
        if (memoryBytes / 4096 > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("memory too large: " + memoryBytes + " bytes");
        }
        if (dirtyRatio < 0 || dirtyRatio > 100 || dirtyBackgroundRatio < 0 || dirtyBackgroundRatio > 100) {
            throw new IllegalArgumentException("dirty ratios are percentages (0-100)");
        }
        if (writeAroundPages < 1 || writeAheadPages < 1 || delallocMaxPages < 1 || pageoutUnitPages < 0 || pageoutMaxUnits < 1) {
            throw new IllegalArgumentException("write-around, write-ahead, delalloc and pageout sizes must be positive");
        }
        if (pageoutThrottleWorks < 1 || pageoutMaxWorks < pageoutThrottleWorks) {
            throw new IllegalArgumentException("pageout work bounds: need 1 <= throttle (" + pageoutThrottleWorks + ") <= max (" + pageoutMaxWorks + ")");
        }
        if (initialDirtyLimitBytes < 0 || initialWriteBandwidthBytes < 0 || initialRawWriteBandwidthBytes < 0 || initialDirtyRatelimitBytes < 0 || initialActiveBytes < 0 || initialInactiveBytes < 0 || minFreeKbytes < 0 || (reclaimScanNs != null && reclaimScanNs < 0) || (kswapdRunNs != null && kswapdRunNs < 0) || writePageNs < 0 || otherRefaultsPerS < 0
                || otherWriteoutPerS < 0 || memcgStatReadNs < 0) {
            throw new IllegalArgumentException("the initial dirty limit, write bandwidth, dirty ratelimit, page cache, CPU times, other tasks' refaults and other devices' writeout cannot be negative");
        }
        if (otherTasks < 1) {
            throw new IllegalArgumentException("--other-tasks must be at least 1, not " + otherTasks);
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("--cpus must be at least 1, not " + cpus);
        }
        for (int n : fallbacksPerS) {
            if (n < 0) {
                throw new IllegalArgumentException("--fallbacks counts cannot be negative: " + n);
            }
        }
        if (initialCacheRuns.length != 5 || java.util.Arrays.stream(initialCacheRuns).anyMatch(n -> n < 0)
                || java.util.Arrays.stream(initialCacheRuns).asLongStream().sum() == 0) {
            throw new IllegalArgumentException("--initial-cache-runs takes five counts, of runs of 1, 2, 4, 8 and 16+ "
                    + "frames, none negative and not all 0: " + java.util.Arrays.toString(initialCacheRuns));
        }
        if (otherReadPages < 1) {
            throw new IllegalArgumentException("--other-read-pages must be at least 1, not " + otherReadPages);
        }
        if (otherRefaultsPerS > 0 && initialActiveBytes / 4096 + initialInactiveBytes / 4096 == 0) {
            throw new IllegalArgumentException("--other-refaults reads back the other tasks' files, the initial page cache: "
                    + "give it with --initial-active or --initial-inactive");
        }
        if (journalBytes != 0 && (journalBytes < 1024L * 4096 || journalBytes > 10_240_000L * 4096)) {
            throw new IllegalArgumentException("journal size must be 0 (none) or what mke2fs accepts, 1024 to 10,240,000 "
                    + "4 KiB blocks (4M to 39G), not " + journalBytes + " bytes");
        }
        if (fsSizeBytes < io.wbreplay.replay.fs.Ext2fsMkjournal.MIN_BYTES || fsSizeBytes >= io.wbreplay.replay.fs.Ext2fsMkjournal.MAX_BYTES) {
            throw new IllegalArgumentException("file system size must be 512M to 4T (mke2fs's default usage type), not "
                    + fsSizeBytes + " bytes");
        }
        if (dirtyWritebackCentisecs <= 0 || dirtyExpireCentisecs < 0) {
            throw new IllegalArgumentException("dirty_writeback_centisecs must be positive and dirty_expire_centisecs not negative");
        }
    }
}
