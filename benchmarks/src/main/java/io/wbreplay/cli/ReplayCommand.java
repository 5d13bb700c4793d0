package io.wbreplay.cli;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.metrics.DispatchEvents;
import io.wbreplay.replay.metrics.SummaryKeys;
import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.replay.driver.RunConfig;
import io.wbreplay.replay.vmscan.strategy.ReclaimStrategies;
import io.wbreplay.reports.Metric;
import io.wbreplay.reports.Parallel;
import io.wbreplay.reports.RunDirectory;
import io.wbreplay.reports.RunTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wbreplay replay TRACE --out DIR}: one trace through the simulated writeback core. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = RunOptions.Single.class,
        description = {"Replay a trace through the simulated page cache, flusher, dirty throttling, reclaim, "
                + "block layer and disk, and write the run to a directory: summary.json, histograms.hlog "
                + "(HdrHistogram interval log), timeseries.csv and the simulated disk's block trace "
                + "dispatch.blktrace.0 (blkparse -i DIR/dispatch; btt) with the events --dispatch-log keeps."},
        footer = {"",
            "File-level traces (fio iologs, synthetic workloads, wbreplay-csv with files) drive buffered file I/O; "
                + "sector-level traces (blktrace, blkparse, tracepoints, MSR, SPC) drive buffered I/O through the "
                + "block-device inode from their Q events (D events if there are none), or the queue with --direct.",
            "With --strategy all (or several) every strategy runs on the same trace and machine, in parallel, into DIR/<strategy>/.",
            "Sizes take K, M, G (powers of 1024). The same trace, options and seed give byte-identical files "
                + "(except wallSeconds in summary.json)."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", description = "The trace (blktrace: NAME for NAME.blktrace.N).")
    Path trace;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The run directory to write.")
    Path out;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = CoreConfig.DEFAULT_STRATEGY,
            description = "Reclaim writeback strategy, several separated by commas, or 'all' (default: ${DEFAULT-VALUE}; known: ${COMPLETION-CANDIDATES}).",
            completionCandidates = StrategyNames.class)
    String strategy;

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
        for (String s : strategies) {
            dirs.add(strategies.size() > 1 ? out.resolve(s) : out);
        }
        int threads = jobs != null ? Math.max(1, jobs) : Runtime.getRuntime().availableProcessors();
        List<ReplayRun.Outcome> outcomes;
        try (Progress progress = Progress.start("replay", trace, strategies.size())) {
            outcomes = Parallel.map(strategies, threads,
                    s -> run.withStrategy(s).execute(dirs.get(strategies.indexOf(s)), progress.records()), n -> progress.runFinished());
        } catch (Parallel.ItemFailed e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        print(strategies, dirs, outcomes, run.options().dispatchLog);
        return 0;
    }

    /** The run these options describe, with the strategy named by --strategy (unless that is 'all'). */
    ReplayRun replayRun() throws Exception {
        List<String> strategies = strategies();
        RunConfig config = RunOptions.config(spec);
        return config.run(trace, strategies.size() == 1 ? strategies.get(0) : config.core.strategy);
    }

    private List<String> strategies() {
        return strategies(strategy);
    }

    /** The strategies {@code names} stands for: 'all', or one name or several separated by commas. */
    static List<String> strategies(String names) {
        List<String> list = new ArrayList<>();
        if (names.equals("all")) {
            ReclaimStrategies.names().forEach(list::add);
            return list;
        }
        for (String s : names.split(",")) {
            String n = s.trim();
            if (!ReclaimStrategies.isKnown(n)) {
                throw new IllegalArgumentException("unknown strategy '" + n + "'; known: " + ReclaimStrategies.known() + ", all");
            }
            if (!list.contains(n)) {
                list.add(n);
            }
        }
        return list;
    }

    /** The "written:" line of run directories at {@code where}: the files a run writes with that dispatch log. */
    static String written(String where, DispatchEvents dispatchLog) {
        return "written: " + where + " (summary.json, histograms.hlog, timeseries.csv"
                + (dispatchLog == DispatchEvents.NONE ? ")" : ", dispatch.blktrace.0)");
    }

    private void print(List<String> strategies, List<Path> dirs, List<ReplayRun.Outcome> outcomes, DispatchEvents dispatchLog)
            throws Exception {
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
        o.println(written(dirs.size() == 1 ? dirs.get(0).toString() : out + "/<strategy>", dispatchLog));
        o.flush();
        if (first.skippedSummary() != null) {
            spec.commandLine().getErr().println("wbreplay: " + first.skippedSummary());
        }
    }
}
