package io.wbreplay.cli;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.driver.ReplayOptions;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.hazard.OnDeadlock;
import io.wbreplay.replay.metrics.SummaryKeys;
import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.replay.vmscan.ReclaimStrategies;
import io.wbreplay.reports.Metric;
import io.wbreplay.reports.RunDirectory;
import io.wbreplay.reports.RunTable;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wbreplay replay TRACE --out DIR}: one trace through the simulated writeback core. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a trace through the simulated page cache, flusher, dirty throttling, reclaim, "
                + "block layer and disk, and write the run to a directory: summary.json, histograms.hlog "
                + "(HdrHistogram interval log), timeseries.csv and the simulated disk's block trace "
                + "dispatch.blktrace.0 (blkparse -i DIR/dispatch; btt)."},
        footer = {"",
            "File-level traces (fio iologs, synthetic workloads, wbreplay-csv with files) drive buffered file I/O; "
                + "sector-level traces (blktrace, blkparse, tracepoints, MSR, SPC) drive buffered I/O through the "
                + "block-device inode from their Q events (D events if there are none), or the queue with --direct.",
            "With --strategy all every strategy runs on the same trace and machine, in parallel, into DIR/<strategy>/.",
            "Sizes take K, M, G (powers of 1024). The same trace, options and seed give byte-identical files "
                + "(except wallSeconds in summary.json)."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", description = "The trace (blktrace: NAME for NAME.blktrace.N).")
    Path trace;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The run directory to write.")
    Path out;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "no-reclaim-writeback",
            description = "Reclaim writeback strategy, or 'all' (default: ${DEFAULT-VALUE}; known: ${COMPLETION-CANDIDATES}).",
            completionCandidates = StrategyNames.class)
    String strategy;

    @Option(names = "--format", paramLabel = "F", description = "The trace's format (default: detected).")
    String format;

    @Option(names = "--lenient", description = "Skip and count malformed records instead of stopping at the first.")
    boolean lenient;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "1G", converter = GenerateCommand.Size.class,
            description = "Simulated memory (default: ${DEFAULT-VALUE}).")
    long memory;

    @Option(names = "--pinned", paramLabel = "FILE",
            description = "Memory-hog schedule (time_ns,pinned_bytes; see 'trace generate memory-hog'): memory pinned over time.")
    Path pinned;

    @Option(names = "--device", paramLabel = "MODEL", defaultValue = "hdd",
            description = "Device model: hdd (7200 rpm) or ssd (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--elevator", paramLabel = "NAME", defaultValue = "deadline",
            description = "I/O scheduler: deadline or noop (default: ${DEFAULT-VALUE}).")
    String elevator;

    @Option(names = "--nr-requests", paramLabel = "N", defaultValue = "128",
            description = "Queue depth per direction, /sys/block/DEV/queue/nr_requests (default: ${DEFAULT-VALUE}).")
    int nrRequests;

    @Option(names = "--max-sectors-kb", paramLabel = "KB", defaultValue = "512",
            description = "Largest request, /sys/block/DEV/queue/max_sectors_kb (default: ${DEFAULT-VALUE}).")
    int maxSectorsKb;

    @Option(names = "--dirty-ratio", paramLabel = "PCT", defaultValue = "20", description = "vm.dirty_ratio (default: ${DEFAULT-VALUE}).")
    int dirtyRatio;

    @Option(names = "--dirty-background-ratio", paramLabel = "PCT", defaultValue = "10",
            description = "vm.dirty_background_ratio (default: ${DEFAULT-VALUE}).")
    int dirtyBackgroundRatio;

    @Option(names = "--dirty-bytes", paramLabel = "SIZE", defaultValue = "0", converter = GenerateCommand.Size.class,
            description = "vm.dirty_bytes; overrides --dirty-ratio when set.")
    long dirtyBytes;

    @Option(names = "--dirty-background-bytes", paramLabel = "SIZE", defaultValue = "0", converter = GenerateCommand.Size.class,
            description = "vm.dirty_background_bytes; overrides --dirty-background-ratio when set.")
    long dirtyBackgroundBytes;

    @Option(names = "--dirty-expire-centisecs", paramLabel = "CS", defaultValue = "3000",
            description = "vm.dirty_expire_centisecs (default: ${DEFAULT-VALUE}).")
    int dirtyExpireCentisecs;

    @Option(names = "--dirty-writeback-centisecs", paramLabel = "CS", defaultValue = "500",
            description = "vm.dirty_writeback_centisecs (default: ${DEFAULT-VALUE}).")
    int dirtyWritebackCentisecs;

    @Option(names = "--throttle", paramLabel = "MODE", defaultValue = "io-less",
            description = "balance_dirty_pages(): io-less (3.2+, pauses only) or writer-writes (before 3.2) (default: ${DEFAULT-VALUE}).")
    String throttle;

    @Option(names = "--extent-size", paramLabel = "SIZE", defaultValue = "128M", converter = GenerateCommand.Size.class,
            description = "File layout: extent size, a power of two of at least 4K (default: ${DEFAULT-VALUE}).")
    long extentSize;

    @Option(names = "--max-extent-gap", paramLabel = "SIZE", defaultValue = "0", converter = GenerateCommand.Size.class,
            description = "File layout: largest free gap left before each extent (fragmentation; default: ${DEFAULT-VALUE}).")
    long maxExtentGap;

    @Option(names = "--write-around-pages", paramLabel = "N", defaultValue = "32",
            description = "write-around: the aligned window written with a reclaimed page (default: ${DEFAULT-VALUE}, SWAP_CLUSTER_MAX).")
    int writeAroundPages;

    @Option(names = "--write-ahead-pages", paramLabel = "N", defaultValue = "32",
            description = "write-ahead: pages written from the reclaimed one forward, at most (default: ${DEFAULT-VALUE}).")
    int writeAheadPages;

    @Option(names = "--pageout-throttle-works", paramLabel = "N", defaultValue = "128",
            description = "flusher-pageout: queued works above which reclaim throttles (default: ${DEFAULT-VALUE}).")
    int pageoutThrottleWorks;

    @Option(names = "--pageout-max-works", paramLabel = "N", defaultValue = "256",
            description = "flusher-pageout: queued works above which new ones are dropped (default: ${DEFAULT-VALUE}).")
    int pageoutMaxWorks;

    @Option(names = "--pageout-unit-pages", paramLabel = "N", defaultValue = "0",
            description = "flusher-pageout: write-around unit in pages; 0 derives it from the write bandwidth (default: ${DEFAULT-VALUE}).")
    int pageoutUnitPages;

    @Option(names = "--pageout-max-units", paramLabel = "N", defaultValue = "8",
            description = "flusher-pageout: units a queued work may grow to by merging (default: ${DEFAULT-VALUE}).")
    int pageoutMaxUnits;

    @Option(names = "--fs-delalloc-ascending",
            description = "The filesystem locks the delalloc pages after the one it writes, ascending (btrfs lock_delalloc_pages()).")
    boolean fsDelallocAscending;

    @Option(names = "--on-deadlock", paramLabel = "ACTION", defaultValue = "report",
            description = "When tasks deadlock: report (stop cleanly, write the results with the cycle) or abort (default: ${DEFAULT-VALUE}).")
    String onDeadlock;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the simulation's randomness (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--direct", description = "Sector-level traces go straight to the block queue (no page cache).")
    boolean direct;

    @Option(names = "--closed-loop", description = "Issue each stream's records as fast as the core allows, not at the recorded times.")
    boolean closedLoop;

    @Option(names = "--drain-limit", paramLabel = "TIME", defaultValue = "600s", converter = GenerateCommand.Duration.class,
            description = "After the last record, simulate at most this long for the page cache to be clean (default: ${DEFAULT-VALUE}).")
    long drainLimitNs;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Runs in parallel with --strategy all (default: all cores).")
    Integer jobs;

    @Spec
    CommandSpec spec;

    /** The known strategy names and {@code all}, for the help text. */
    static final class StrategyNames extends ArrayList<String> {
        StrategyNames() {
            ReclaimStrategies.names().forEach(this::add);
            add("all");
        }
    }

    @Override
    public Integer call() throws Exception {
        ReplayRun run = replayRun();
        List<String> strategies = strategies();
        List<Path> dirs = new ArrayList<>();
        List<ReplayRun.Outcome> outcomes = new ArrayList<>();
        if (strategy.equals("all")) {
            int threads = jobs != null ? Math.max(1, jobs) : Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, strategies.size()));
            try {
                List<Future<ReplayRun.Outcome>> futures = new ArrayList<>();
                for (String s : strategies) {
                    Path dir = out.resolve(s);
                    dirs.add(dir);
                    futures.add(pool.submit(() -> run.withStrategy(s).execute(dir)));
                }
                for (Future<ReplayRun.Outcome> f : futures) {
                    outcomes.add(unwrap(f));
                }
            } finally {
                pool.shutdownNow();
            }
        } else {
            dirs.add(out);
            outcomes.add(run.execute(out));
        }
        print(strategies, dirs, outcomes);
        return 0;
    }

    /** The run these options describe, with the strategy named by --strategy (unless that is 'all'). */
    ReplayRun replayRun() throws Exception {
        List<String> strategies = strategies();
        ReplayRun run = new ReplayRun(trace, format, lenient, config(), options(), device, elevator,
                new QueueConfig(nrRequests, maxSectorsKb));
        return strategies.size() == 1 ? run.withStrategy(strategies.get(0)) : run;
    }

    private List<String> strategies() {
        List<String> known = new ArrayList<>();
        ReclaimStrategies.names().forEach(known::add);
        if (strategy.equals("all")) {
            return known;
        }
        if (!known.contains(strategy)) {
            throw new IllegalArgumentException("unknown strategy '" + strategy + "'; known: " + String.join(", ", known) + ", all");
        }
        return List.of(strategy);
    }

    private CoreConfig config() throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = memory;
        c.dirtyRatio = dirtyRatio;
        c.dirtyBackgroundRatio = dirtyBackgroundRatio;
        c.dirtyBytes = dirtyBytes;
        c.dirtyBackgroundBytes = dirtyBackgroundBytes;
        c.dirtyExpireCentisecs = dirtyExpireCentisecs;
        c.dirtyWritebackCentisecs = dirtyWritebackCentisecs;
        c.throttle = CoreConfig.Throttle.byLabel(throttle);
        if (extentSize < 4096 || Long.bitCount(extentSize) != 1 || extentSize / 4096 > 1 << 30) {
            throw new IllegalArgumentException("--extent-size must be a power of two from 4K to 4T, not " + extentSize);
        }
        c.extentPages = (int) (extentSize / 4096);
        c.maxGapPages = (int) Math.min(Integer.MAX_VALUE, maxExtentGap / 4096);
        c.seed = seed;
        c.writeAroundPages = writeAroundPages;
        c.writeAheadPages = writeAheadPages;
        c.pageoutThrottleWorks = pageoutThrottleWorks;
        c.pageoutMaxWorks = pageoutMaxWorks;
        c.pageoutUnitPages = pageoutUnitPages;
        c.pageoutMaxUnits = pageoutMaxUnits;
        c.fsDelallocAscending = fsDelallocAscending;
        c.onDeadlock = OnDeadlock.byLabel(onDeadlock);
        if (pinned != null) {
            c.hog = MemoryHogSchedule.read(pinned);
        }
        return c;
    }

    private ReplayOptions options() {
        ReplayOptions o = new ReplayOptions();
        o.direct = direct;
        o.closedLoop = closedLoop;
        o.drainLimitNs = drainLimitNs;
        return o;
    }

    private static ReplayRun.Outcome unwrap(Future<ReplayRun.Outcome> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private void print(List<String> strategies, List<Path> dirs, List<ReplayRun.Outcome> outcomes) throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        ReplayRun.Outcome first = outcomes.get(0);
        double wall = 0;
        double minSim = Double.MAX_VALUE;
        double maxSim = 0;
        for (ReplayRun.Outcome x : outcomes) {
            wall += x.wallSeconds();
            minSim = Math.min(minSim, x.result().simulatedNs() / 1e9);
            maxSim = Math.max(maxSim, x.result().simulatedNs() / 1e9);
        }
        String simulated = minSim == maxSim ? String.format("%.3f s", minSim) : String.format("%.3f-%.3f s", minSim, maxSim);
        o.printf("%s: %,d records, %s simulated, %.2f s wall per run (%,.0f records/s)%n", trace,
                first.result().records(), simulated, wall / outcomes.size(),
                first.result().records() * outcomes.size() / Math.max(wall, 1e-9));
        List<RunDirectory> runs = new ArrayList<>();
        for (Path d : dirs) {
            runs.add(RunDirectory.open(d));
        }
        o.print(RunTable.text(strategies, runs));
        for (int i = 0; i < runs.size(); i++) {
            RunDirectory r = runs.get(i);
            if (Boolean.TRUE.equals(r.summary().get(SummaryKeys.DEADLOCKED))) {
                o.printf("%s: deadlocked at %s s, the run stopped there: %s%n", strategies.get(i),
                        Metric.format(r.number(SummaryKeys.path(SummaryKeys.HAZARD_FIRST, HazardKind.DEADLOCK.label(), SummaryKeys.TIME_NS)) / 1e9), r.text(SummaryKeys.path(SummaryKeys.HAZARD_FIRST, HazardKind.DEADLOCK.label(), SummaryKeys.DESCRIPTION)));
            }
        }
        o.println("written: " + (dirs.size() == 1 ? dirs.get(0) : out + "/<strategy>") + " (summary.json, histograms.hlog, timeseries.csv, dispatch.blktrace.0)");
        o.flush();
        if (first.skippedSummary() != null) {
            spec.commandLine().getErr().println("wbreplay: " + first.skippedSummary());
        }
    }
}
