package io.wbreplay.replay.driver;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.hazard.OnDeadlock;
import io.wbreplay.replay.metrics.DispatchEvents;
import io.wbreplay.traces.Units;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Everything a replay is configured with besides its trace and strategy -- the machine
 * ({@link CoreConfig}), the block queue and device, how the trace is read and replayed -- with the
 * defaults, and the same as named {@link #SETTINGS}: the options of {@code wbreplay replay}, the
 * comma-separated flags of {@code wbreplay compare} and the keys of a sweep file all come from that
 * one list, so a default or a check is written once.
 */
public final class RunConfig {
    /** Devices#NAMES: the default model, a 7200 rpm disk. */
    public static final String DEFAULT_DEVICE = "hdd";
    /** Elevators#NAMES: the default I/O scheduler. */
    public static final String DEFAULT_ELEVATOR = "deadline";

    public CoreConfig core = new CoreConfig();
    public ReplayOptions options = new ReplayOptions();
    public String device = DEFAULT_DEVICE;
    public String elevator = DEFAULT_ELEVATOR;
    public int nrRequests = QueueConfig.DEFAULT.nrRequests();
    public int maxSectorsKb = QueueConfig.DEFAULT.maxSectorsKb();
    /** The trace's format name, or null to detect it. */
    public String format;
    /** Skip and count malformed records instead of stopping at the first. */
    public boolean lenient;

    /** An independent copy (one per cell of a sweep). */
    public RunConfig copy() {
        RunConfig c = new RunConfig();
        c.core = core.copy();
        c.options = new ReplayOptions();
        c.options.closedLoop = options.closedLoop;
        c.options.direct = options.direct;
        c.options.lookahead = options.lookahead;
        c.options.drainLimitNs = options.drainLimitNs;
        c.options.variation = options.variation;
        c.options.dispatchLog = options.dispatchLog;
        c.device = device;
        c.elevator = elevator;
        c.nrRequests = nrRequests;
        c.maxSectorsKb = maxSectorsKb;
        c.format = format;
        c.lenient = lenient;
        return c;
    }

    /** The run of {@code trace} under this configuration with {@code strategy}; checks every value. */
    public ReplayRun run(Path trace, String strategy) {
        CoreConfig c = core.copy();
        c.strategy = strategy;
        return new ReplayRun(trace, format, lenient, c, options, device, elevator, new QueueConfig(nrRequests, maxSectorsKb));
    }

    /**
     * The options of {@code wbreplay replay} that give this configuration: every setting whose value
     * differs from the default, in {@link #SETTINGS} order (a setting that cannot be read back, such
     * as --pinned's file, is left to the caller).
     */
    public List<String> args() {
        RunConfig defaults = new RunConfig();
        List<String> out = new java.util.ArrayList<>();
        for (Setting s : SETTINGS) {
            String v = s.text(this);
            if (v == null || v.equals(s.text(defaults))) {
                continue;
            }
            out.add("--" + s.name);
            if (s.kind != Kind.FLAG) {
                out.add(v);
            }
        }
        return out;
    }

    /** What a setting's text is: decides how it is parsed and how its default is shown. */
    public enum Kind { SIZE, DURATION, INT, LONG, TEXT, FILE, FLAG }

    /** Sets one value of a configuration; may read a file (--pinned). */
    @FunctionalInterface
    public interface Setter {
        void set(RunConfig c, Object value) throws IOException;
    }

    /**
     * One named value of a {@link RunConfig}: {@code name} is the option without its dashes and the
     * sweep file's key; {@code get} reads it from a configuration (null: no default worth showing).
     */
    public record Setting(String name, String paramLabel, String description, Kind kind,
                          Function<RunConfig, Object> get, Setter set) {
        /** The typed value of {@code text}, or IllegalArgumentException saying what was expected. */
        public Object parse(String text) {
            return switch (kind) {
                case SIZE -> Units.parseSize(text);
                case DURATION -> Units.parseDuration(text);
                case INT -> {
                    try {
                        yield Integer.parseInt(text.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "' is not an int");
                    }
                }
                case LONG -> {
                    try {
                        yield Long.parseLong(text.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "' is not a long");
                    }
                }
                case TEXT -> text;
                case FILE -> Path.of(text);
                case FLAG -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new IllegalArgumentException("'" + name + "' is a flag: expected true or false, not '" + text + "'");
                    }
                    yield Boolean.parseBoolean(text);
                }
            };
        }

        /** The default as a user writes it (1G, 600s, 32), or null when there is none to show. */
        public String defaultText() {
            return kind == Kind.FLAG ? null : text(new RunConfig());
        }

        /** The value {@code c} has, as a user writes it (1G, 600s, 32, true), or null when it cannot be read back. */
        public String text(RunConfig c) {
            Object v = get.apply(c);
            if (v == null) {
                return null;
            }
            return switch (kind) {
                case SIZE -> Units.formatSize((Long) v);
                case DURATION -> Units.formatDuration((Long) v);
                default -> v.toString();
            };
        }

        /** Parses {@code text} and sets it in {@code c}. */
        public void apply(RunConfig c, String text) throws IOException {
            set.set(c, parse(text));
        }
    }

    /** The setting named {@code name} (without dashes), or null. */
    public static Setting setting(String name) {
        for (Setting s : SETTINGS) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Every setting, in the order the help lists them. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("format", "F", "The trace's format (default: detected).", Kind.TEXT,
                    c -> c.format, (c, v) -> c.format = (String) v),
            new Setting("lenient", null, "Skip and count malformed records instead of stopping at the first.", Kind.FLAG,
                    c -> c.lenient, (c, v) -> c.lenient = (Boolean) v),
            new Setting("memory", "SIZE", "Simulated memory.", Kind.SIZE,
                    c -> c.core.memoryBytes, (c, v) -> c.core.memoryBytes = (Long) v),
            new Setting("zones", "MANAGED[/PINNED[/FILE]]:...", "The node's zones from ZONE_DMA up, in pages (4.11 and later; "
                    + "replaces --memory): managed pages and, optionally, the pages pinned in each and the page cache in each "
                    + "(where the initial cache lies), as a recording's /proc/zoneinfo gives them (validate does). Default: the x86-64 layout of --memory, ZONE_DMA the "
                    + "first 16 MiB, DMA32 up to 4 GiB, Normal the rest.", Kind.TEXT,
                    c -> c.core.zones == null ? null : c.core.zones.toString(),
                    (c, v) -> c.core.zones = io.wbreplay.replay.mm.ZoneSizesInit.parse((String) v)),
            new Setting("pinned", "FILE", "Memory-hog schedule (time_ns,pinned_bytes; see 'trace generate memory-hog'): "
                    + "memory pinned over time.", Kind.FILE, c -> null, (c, v) -> c.core.hog = MemoryHogSchedule.read((Path) v)),
            new Setting("device", "MODEL", "Device model: hdd (7200 rpm), ssd, or throttled:BPS:IOPS (a fast device behind "
                    + "blk-throttle write limits, e.g. throttled:50M:200).", Kind.TEXT,
                    c -> c.device, (c, v) -> c.device = (String) v),
            new Setting("elevator", "NAME", "I/O scheduler: deadline or noop.", Kind.TEXT,
                    c -> c.elevator, (c, v) -> c.elevator = (String) v),
            new Setting("nr-requests", "N", "Queue depth per direction, /sys/block/DEV/queue/nr_requests.", Kind.INT,
                    c -> c.nrRequests, (c, v) -> c.nrRequests = (Integer) v),
            new Setting("max-sectors-kb", "KB", "Largest request, /sys/block/DEV/queue/max_sectors_kb.", Kind.INT,
                    c -> c.maxSectorsKb, (c, v) -> c.maxSectorsKb = (Integer) v),
            new Setting("dirty-ratio", "PCT", "vm.dirty_ratio.", Kind.INT,
                    c -> c.core.dirtyRatio, (c, v) -> c.core.dirtyRatio = (Integer) v),
            new Setting("dirty-background-ratio", "PCT", "vm.dirty_background_ratio.", Kind.INT,
                    c -> c.core.dirtyBackgroundRatio, (c, v) -> c.core.dirtyBackgroundRatio = (Integer) v),
            new Setting("dirty-bytes", "SIZE", "vm.dirty_bytes; overrides --dirty-ratio when set.", Kind.SIZE,
                    c -> c.core.dirtyBytes, (c, v) -> c.core.dirtyBytes = (Long) v),
            new Setting("dirty-background-bytes", "SIZE", "vm.dirty_background_bytes; overrides --dirty-background-ratio when set.",
                    Kind.SIZE, c -> c.core.dirtyBackgroundBytes, (c, v) -> c.core.dirtyBackgroundBytes = (Long) v),
            new Setting("dirty-expire-centisecs", "CS", "vm.dirty_expire_centisecs.", Kind.INT,
                    c -> c.core.dirtyExpireCentisecs, (c, v) -> c.core.dirtyExpireCentisecs = (Integer) v),
            new Setting("dirty-writeback-centisecs", "CS", "vm.dirty_writeback_centisecs.", Kind.INT,
                    c -> c.core.dirtyWritebackCentisecs, (c, v) -> c.core.dirtyWritebackCentisecs = (Integer) v),
            new Setting("min-free-kbytes", "KB", "vm.min_free_kbytes, which sets the min/low/high watermarks (0: computed "
                    + "from the memory as init_per_zone_wmark_min() does).", Kind.LONG,
                    c -> c.core.minFreeKbytes, (c, v) -> c.core.minFreeKbytes = (Long) v),
            new Setting("reclaim-scan-ns", "NS", "CPU time reclaim spends per page it scans on the inactive list (default: "
                    + CoreConfig.RECORDED_RECLAIM_SCAN_NS + " on 6.x, kswapd's measured on Linux 6.18 beside --kswapd-run-ns; "
                    + CoreConfig.POOLED_RECLAIM_SCAN_NS + ", its time over pages alone, on the older eras; 0: reclaim takes no time); validate takes it from a "
                    + "recording of kswapd's CPU time when it has one.", Kind.LONG,
                    c -> c.core.reclaimScanNs, (c, v) -> c.core.reclaimScanNs = (Long) v),
            new Setting("kswapd-run-ns", "NS", "CPU time of each kswapd run (balance_pgdat()) besides its scanning (default: "
                    + CoreConfig.RECORDED_KSWAPD_RUN_NS + " on 6.x, measured on Linux 6.18; 0, none, on the older eras).", Kind.LONG,
                    c -> c.core.kswapdRunNs, (c, v) -> c.core.kswapdRunNs = (Long) v),
            new Setting("write-page-ns", "NS", "CPU time a buffered write spends per page it copies into the page cache "
                    + "(0: none, writing takes no time); validate takes it from a recording of the workload's CPU time.", Kind.LONG,
                    c -> c.core.writePageNs, (c, v) -> c.core.writePageNs = (Long) v),
            new Setting("initial-dirty-limit", "SIZE", "global_dirty_state's dirty_limit when the trace begins (3.2+): a limit "
                    + "left high from before memory was taken lets dirty pages overshoot while it decays (0: as at boot).", Kind.SIZE,
                    c -> c.core.initialDirtyLimitBytes, (c, v) -> c.core.initialDirtyLimitBytes = (Long) v),
            new Setting("initial-write-bw", "SIZE", "The device's write bandwidth estimate (avg_write_bandwidth) when the trace "
                    + "begins, per second (0: INIT_BW, 100 MB/s, as for a device just registered).", Kind.SIZE,
                    c -> c.core.initialWriteBandwidthBytes, (c, v) -> c.core.initialWriteBandwidthBytes = (Long) v),
            new Setting("initial-write-bw-raw", "SIZE", "The first, less smoothed level of that estimate (write_bandwidth) when "
                    + "the trace begins, per second (0: as --initial-write-bw). While it stays above avg_write_bandwidth and "
                    + "falls, the avg does not move.", Kind.SIZE,
                    c -> c.core.initialRawWriteBandwidthBytes, (c, v) -> c.core.initialRawWriteBandwidthBytes = (Long) v),
            new Setting("initial-dirty-ratelimit", "SIZE", "The device's dirty_ratelimit when the trace begins, per second "
                    + "(0: INIT_BW, 100 MB/s).", Kind.SIZE,
                    c -> c.core.initialDirtyRatelimitBytes, (c, v) -> c.core.initialDirtyRatelimitBytes = (Long) v),
            new Setting("initial-active", "SIZE", "Clean page cache already held on the active list when the trace begins "
                    + "(meminfo Active(file)).", Kind.SIZE, c -> c.core.initialActiveBytes, (c, v) -> c.core.initialActiveBytes = (Long) v),
            new Setting("initial-inactive", "SIZE", "Clean page cache already held on the inactive list when the trace begins "
                    + "(meminfo Inactive(file)).", Kind.SIZE, c -> c.core.initialInactiveBytes,
                    (c, v) -> c.core.initialInactiveBytes = (Long) v),
            new Setting("other-refaults", "PAGES_PER_S", "The machine's other tasks read back this many evicted pages of "
                    + "their files (the initial page cache) a second while the workload runs, allocating as an \"other\" task "
                    + "and refaulting as mm/workingset.c decides; no device time (0: no other tasks). validate takes it from "
                    + "a recording's workingset_refault_file over its run time.", Kind.LONG,
                    c -> c.core.otherRefaultsPerS, (c, v) -> c.core.otherRefaultsPerS = (Long) v),
            new Setting("other-tasks", "N", "How many other tasks make those reads, one read each at a time: reads due "
                    + "while all of them are busy (in direct reclaim) wait. validate takes the recorded machine's CPUs.", Kind.INT,
                    c -> c.core.otherTasks, (c, v) -> c.core.otherTasks = (Integer) v),
            new Setting("cpus", "N", "The machine's CPUs. Reclaim's count of isolated pages is kept per CPU as "
                    + "mm/vmstat.c keeps it, folded into what too_many_isolated() reads only past stat_threshold (2 x "
                    + "fls(N) x (1 + fls(the zone's memory in 128 MiB)), at most 125) or each second; each reclaiming task "
                    + "counts in a delta of its own. validate takes the recorded machine's.", Kind.INT,
                    c -> c.core.cpus, (c, v) -> c.core.cpus = (Integer) v),
            new Setting("other-read-pages", "N", "Each of those reads is a major fault that brings back N evicted pages "
                    + "at once, its read-around (do_sync_mmap_readahead()): allocated in order with __GFP_NORETRY, stopping at "
                    + "the first allocation that fails, the faulting page in the middle then allocated as any (1: one page, no "
                    + "read-around). validate takes a recording's pgpgin over pgmajfault.", Kind.INT,
                    c -> c.core.otherReadPages, (c, v) -> c.core.otherReadPages = (Integer) v),
            new Setting("fallbacks", "N,N,...", "The buddy allocator's fragmenting fallbacks in the highest zone (another "
                    + "migratetype's pageblock claimed below pageblock_order, as the kernel's own slab allocations do), so many in "
                    + "each second of the run, spread evenly: each boosts the zone's watermarks by a pageblock (boost_watermark(), "
                    + "5.0+) and wakes kswapd, which reclaims the boost without writing (empty: none). validate takes them from a "
                    + "recording's mm_page_alloc_extfrag events (summarize.py's extfrag.boosts_per_s).", Kind.TEXT,
                    c -> c.core.fallbacksPerS.length == 0 ? null : joinCounts(c.core.fallbacksPerS),
                    (c, v) -> c.core.fallbacksPerS = parseCounts((String) v)),
            new Setting("initial-cache-runs", "N,N,N,N,N", "Where the initial page cache (--initial-active, --initial-inactive) "
                    + "lies among the pinned memory, 4.8 and later: how many runs of 1, 2, 4, 8 and 16 or more frames, in "
                    + "proportion, each laid out as one aligned block (default: "
                    + joinCounts(io.wbreplay.replay.mm.InitialCacheRuns.MEASURED) + ", measured with "
                    + "scripts/record/frame-layout.py on this project's machine with the hog pinned). validate takes a "
                    + "recording's own from its frame-layout.before.json.", Kind.TEXT,
                    c -> joinCounts(c.core.initialCacheRuns), (c, v) -> c.core.initialCacheRuns = parseCounts((String) v)),
            new Setting("other-writeout", "PAGES_PER_S", "The machine's other devices end writeback of this many pages a "
                    + "second: their share of the writeout completions lowers the replayed device's share of the dirty threshold "
                    + "(__wb_calc_thresh()), so its writers are throttled sooner (0: the device owns the whole threshold). validate "
                    + "takes it from a recording's nr_written less its device's writes.", Kind.LONG,
                    c -> c.core.otherWriteoutPerS, (c, v) -> c.core.otherWriteoutPerS = (Long) v),
            new Setting("memcg-stat-reads", "TIME", "A task (a monitoring agent) reads the root memory cgroup's memory.stat "
                    + "this often; each read flushes the memcg statistics that 6.12+ reclaim decides deactivation from, which "
                    + "otherwise only the 2 s periodic flush refreshes (0: no reader). validate takes it from a recording "
                    + "made with record-reclaim.sh --stat-reader-ms.", Kind.DURATION,
                    c -> c.core.memcgStatReadNs, (c, v) -> c.core.memcgStatReadNs = (Long) v),
            new Setting("kernel", "ERA", "Kernel era whose core behaviours to model: 2.6.35, 3.2, 4.11, 5.16, 6.x (6.17, 6.18) or 6.19 "
                    + "(docs/kernel-eras.md).", Kind.TEXT, c -> c.core.kernel.label(), (c, v) -> c.core.kernel = KernelEra.byLabel((String) v)),
            new Setting("throttle", "MODE", "balance_dirty_pages(): io-less (3.2+, pauses only) or writer-writes (before 3.2) "
                    + "(default: the era's).", Kind.TEXT, c -> null, (c, v) -> c.core.throttle = CoreConfig.Throttle.byLabel((String) v)),
            new Setting("extent-size", "SIZE", "File layout: extent size, a power of two of at least 4K.", Kind.SIZE,
                    c -> (long) c.core.extentPages * 4096, (c, v) -> c.core.extentPages = extentPages((Long) v)),
            new Setting("max-extent-gap", "SIZE", "File layout: largest free gap left before each extent (fragmentation).",
                    Kind.SIZE, c -> (long) c.core.maxGapPages * 4096,
                    (c, v) -> c.core.maxGapPages = (int) Math.min(Integer.MAX_VALUE, (Long) v / 4096)),
            new Setting("write-around-pages", "N", "write-around: the aligned window written with a reclaimed page "
                    + "(SWAP_CLUSTER_MAX).", Kind.INT, c -> c.core.writeAroundPages, (c, v) -> c.core.writeAroundPages = (Integer) v),
            new Setting("write-ahead-pages", "N", "write-ahead: pages written from the reclaimed one forward, at most.", Kind.INT,
                    c -> c.core.writeAheadPages, (c, v) -> c.core.writeAheadPages = (Integer) v),
            new Setting("pageout-throttle-works", "N", "flusher-pageout: queued works above which reclaim throttles.", Kind.INT,
                    c -> c.core.pageoutThrottleWorks, (c, v) -> c.core.pageoutThrottleWorks = (Integer) v),
            new Setting("pageout-max-works", "N", "flusher-pageout: queued works above which new ones are dropped.", Kind.INT,
                    c -> c.core.pageoutMaxWorks, (c, v) -> c.core.pageoutMaxWorks = (Integer) v),
            new Setting("pageout-unit-pages", "N", "flusher-pageout: write-around unit in pages; 0 derives it from the write "
                    + "bandwidth.", Kind.INT, c -> c.core.pageoutUnitPages, (c, v) -> c.core.pageoutUnitPages = (Integer) v),
            new Setting("pageout-max-units", "N", "flusher-pageout: units a queued work may grow to by merging.", Kind.INT,
                    c -> c.core.pageoutMaxUnits, (c, v) -> c.core.pageoutMaxUnits = (Integer) v),
            new Setting("fs-delalloc-ascending", null, "The filesystem locks the delalloc pages after the one it writes, "
                    + "ascending (btrfs lock_delalloc_pages()).", Kind.FLAG,
                    c -> c.core.fsDelallocAscending, (c, v) -> c.core.fsDelallocAscending = (Boolean) v),
            new Setting("journal", "SIZE", "ext4 journal size (mke2fs -J size=): from 5.16 on, writeback in flight waits for "
                    + "the journal credits each extent reserves; 0: none (dioread_lock, or no journal).", Kind.SIZE,
                    c -> c.core.journalBytes, (c, v) -> c.core.journalBytes = (Long) v),
            new Setting("fs-size", "SIZE", "Size of the ext4 file system (512M to 4T): mke2fs puts the journal fsync commits "
                    + "to in its middle.", Kind.SIZE, c -> c.core.fsSizeBytes, (c, v) -> c.core.fsSizeBytes = (Long) v),
            new Setting("on-deadlock", "ACTION", "When tasks deadlock: report (stop cleanly, write the results with the cycle) "
                    + "or abort.", Kind.TEXT, c -> c.core.onDeadlock.label(), (c, v) -> c.core.onDeadlock = OnDeadlock.byLabel((String) v)),
            new Setting("seed", "N", "Seed of the simulation's randomness.", Kind.LONG,
                    c -> c.core.seed, (c, v) -> c.core.seed = (Long) v),
            new Setting("vary", null, "Let the seed vary the run as repeated runs on a real machine vary: rotational position, "
                    + "service times ±5%, arrivals up to 1 ms late, gaps up to 1 MiB between extents ('compare --runs N' sets it).",
                    Kind.FLAG, c -> c.options.variation == RunVariation.REPEATED,
                    (c, v) -> c.options.variation = (Boolean) v ? RunVariation.REPEATED : RunVariation.NONE),
            new Setting("direct", null, "Sector-level traces go straight to the block queue (no page cache).", Kind.FLAG,
                    c -> c.options.direct, (c, v) -> c.options.direct = (Boolean) v),
            new Setting("closed-loop", null, "Issue each stream's records as fast as the core allows, not at the recorded times.",
                    Kind.FLAG, c -> c.options.closedLoop, (c, v) -> c.options.closedLoop = (Boolean) v),
            new Setting("dispatch-log", "EVENTS", "Events the dispatch log keeps: all (Q, M, F, G, S, I, D, C: every btt "
                    + "analysis; about 150 bytes per replayed random 4 KiB write), qdc (Q, D, C: btt's Q2C, D2C and seek tables; "
                    + "half of all), dc (D, C: the report's scatter; a third of all; btt shows nothing) or none.", Kind.TEXT,
                    c -> c.options.dispatchLog.label(), (c, v) -> c.options.dispatchLog = DispatchEvents.byLabel((String) v)),
            new Setting("drain-limit", "TIME", "After the last record, simulate at most this long for the page cache to be clean.",
                    Kind.DURATION, c -> c.options.drainLimitNs, (c, v) -> c.options.drainLimitNs = (Long) v));

    /** "3,0,12": counts a second, each a non-negative integer; "" or "none": none. */
    static int[] parseCounts(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("none")) {
            return new int[0];
        }
        String[] parts = t.split(",", -1);
        int[] counts = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                counts[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                counts[i] = -1;
            }
            if (counts[i] < 0) {
                throw new IllegalArgumentException("--fallbacks expects counts a second such as 3,0,12; item " + (i + 1)
                        + " is '" + parts[i] + "'");
            }
        }
        return counts;
    }

    private static String joinCounts(int[] counts) {
        StringBuilder b = new StringBuilder();
        for (int n : counts) {
            b.append(b.length() == 0 ? "" : ",").append(n);
        }
        return b.toString();
    }

    private static int extentPages(long bytes) {
        if (bytes < 4096 || Long.bitCount(bytes) != 1 || bytes / 4096 > 1 << 30) {
            throw new IllegalArgumentException("--extent-size must be a power of two from 4K to 4T, not " + bytes);
        }
        return (int) (bytes / 4096);
    }
}
