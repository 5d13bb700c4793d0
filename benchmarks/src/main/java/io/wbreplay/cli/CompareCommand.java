package io.wbreplay.cli;

import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.replay.driver.RunConfig;
import io.wbreplay.replay.vmscan.strategy.ReclaimStrategies;
import io.wbreplay.replay.driver.RunVariation;
import io.wbreplay.reports.DispatchPoints;
import io.wbreplay.reports.build.ReportBuilder;
import io.wbreplay.reports.TextReport;
import io.wbreplay.reports.ReportInfo;
import io.wbreplay.reports.Sweep;
import io.wbreplay.reports.SweepRunner;
import io.wbreplay.traces.TraceFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wbreplay compare}: traces x configurations x strategies, run in parallel, into one report. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = RunOptions.Swept.class,
        description = {"Replay traces under every combination of configuration and reclaim strategy, in parallel "
                + "on all cores, and write one report directory: summary.csv, histogram logs, charts (PNG, SVG), "
                + "each cell's run (with its blktrace dispatch log) and index.html.",
                "With no traces: the sweep in traces/samples/default.sweep (every strategy on two shipped workloads that "
                + "write twice the memory; the file says which configuration and why), run from the wbreplay checkout."},
        footer = {"",
            "Every 'wbreplay replay' option is also an option here, taking comma-separated values to sweep "
                + "(a flag: true, false or both).",
            "A sweep file has 'key = value, value, ...' lines (# comments). Keys: trace, strategy, and any "
                + "'wbreplay replay' option without its dashes (memory, device, dirty-ratio, throttle, pinned, ...); "
                + "options given on the command line replace the file's.",
            "--shard K/N runs every N-th cell starting at the K-th; 'wbreplay merge' joins the shards' directories. "
                + ArrayTask.HELP,
            "A cell already finished in the report directory with the same configuration, traces and tool version is "
                + "not run again: re-running an interrupted compare finishes it (--force runs every cell)."})
final class CompareCommand implements Callable<Integer> {
    /** The sweep of the default comparison, relative to the checkout. */
    static final Path DEFAULT_SWEEP = Path.of("traces/samples/default.sweep");

    @Option(names = "--trace", paramLabel = "FILE", split = ",", description = "Traces to replay (default: the sweep in traces/samples/default.sweep).")
    List<String> traces;

    @Option(names = "--strategy", paramLabel = "S", split = ",", description = "Strategies (default: all).")
    List<String> strategies;

    @Option(names = "--sweep", paramLabel = "FILE", description = "A sweep file (see below).")
    Path sweepFile;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every cell (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--baseline", paramLabel = "S", defaultValue = "no-reclaim-writeback",
            description = "The strategy the ratios and tests compare against (default: ${DEFAULT-VALUE}, today's kernel).")
    String baseline;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "Run each cell N times with seeds SEED..SEED+N-1 that vary rotational position, service times, "
                    + "arrival times and extent layout (replay --vary); the report gives mean ± stddev, 95%% confidence "
                    + "intervals and Welch's t-test against the baseline (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--format", paramLabel = "F", defaultValue = "html",
            description = "html: the report directory and a short table; text: also the full compare-kernels-style "
                    + "tables on the terminal (default: ${DEFAULT-VALUE}). Both write comparison.txt.")
    String format;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run only the K-th of N slices of the sweep; 'auto' "
            + "takes K and N from a Slurm job array, 'auto:N' the K-th of N from a Slurm array or Kubernetes Indexed Job "
            + "index (see below).")
    String shard;

    @Option(names = "--force", description = "Run every cell again, also those the report directory holds finished.")
    boolean force;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Cells run at once (default: all cores).")
    Integer jobs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "report", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = sweepFileOrDefault();
        Sweep sweep = sweep(file);
        List<String> strategyNames = sweep.strategies();
        if (!strategyNames.contains(baseline) && spec.commandLine().getParseResult().hasMatchedOption("--baseline")) {
            throw new IllegalArgumentException("--baseline '" + baseline + "' is not one of the compared strategies: "
                    + String.join(", ", strategyNames));
        }
        String base = strategyNames.contains(baseline) ? baseline : strategyNames.get(0);
        String slice = shard == null ? null : ArrayTask.slice(shard, System.getenv());
        List<Sweep.Point> points = slice == null ? sweep.points() : shard(sweep, slice);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("--shard " + shard + " holds no cell: the sweep has only " + sweep.points().size()
                    + " cell(s); use at most that many shards");
        }
        check(points);

        PrintWriter err = spec.commandLine().getErr();
        int threads = jobs != null ? Math.max(1, jobs) : Runtime.getRuntime().availableProcessors();
        Files.createDirectories(out);
        long start = System.nanoTime();
        SweepRunner.Outcome outcome;
        Map<String, String> identities = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<Sweep.Point, String> key = p -> cellKey(p, identities);
        SweepRunner.CellRunner cell = (p, dir) -> {
            cellRun(p).execute(dir);
            DispatchPoints.gzipLog(dir); // a report keeps its cells' dispatch logs gzipped: a tenth of the size
        };
        if (Progress.onTerminal()) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("cells").setInitialMax(points.size())
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build()) {
                outcome = SweepRunner.run(out, points, threads, key, force, cell, done -> bar.stepTo(done));
            }
        } else { // output to a file or pipe: nothing extra
            outcome = SweepRunner.run(out, points, threads, key, force, cell, done -> { });
        }
        List<ReportInfo.CellEntry> cells = outcome.cells();
        ReportInfo info = new ReportInfo("wbreplay comparison", BuildInfo.version(), BuildInfo.commit(), commandLine(slice), seed,
                base, runs, (runs > 1 ? RunVariation.REPEATED : RunVariation.NONE).describe(),
                file == null ? null : Files.readString(file), described(sweep), cells);
        info.write(out);
        Path index = ReportBuilder.build(out, info, null);
        PrintWriter o = spec.commandLine().getOut();
        o.print(format.equals("text") ? Files.readString(out.resolve(ReportBuilder.TEXT)) : TextReport.brief(info.comparison(out), info));
        o.println();
        o.printf("%d cells (%d traces x %d configurations x %d strategies%s%s%s) in %.1f s on %d threads%n", cells.size(),
                sweep.traces().size(), sweep.configurations().size(), sweep.strategies().size(),
                runs > 1 ? " x " + runs + " runs" : "", slice == null ? "" : ", shard " + slice,
                outcome.reused() == 0 ? "" : ", " + outcome.reused() + " already finished",
                (System.nanoTime() - start) / 1e9, threads);
        o.println("report: " + index.toAbsolutePath() + " (plain text: " + out.resolve(ReportBuilder.TEXT) + ")");
        o.flush();
        err.flush();
        return 0;
    }

    /** The sweep file named, or the default one when no trace is named either (null if traces are). */
    Path sweepFileOrDefault() {
        Path file = sweepFile;
        if (file == null && (traces == null || traces.isEmpty())) {
            if (!Files.exists(DEFAULT_SWEEP)) {
                throw new IllegalArgumentException("no traces given and no " + DEFAULT_SWEEP + " here: run compare from "
                        + "the wbreplay checkout, or name traces with --trace or a sweep file with --sweep");
            }
            file = DEFAULT_SWEEP;
        }
        return file;
    }

    /** The sweep of {@code file} (may be null) and the command line's options, which replace the file's. */
    Sweep sweep(Path file) throws IOException {
        if (file != null && !Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, Files.isDirectory(file)
                    ? "is a directory; expected a sweep file" : "no such sweep file");
        }
        Map<String, List<String>> entries = file == null ? new LinkedHashMap<>() : Sweep.readFile(file);
        put(entries, "trace", traces);
        put(entries, "strategy", strategies);
        RunOptions.swept(spec).forEach((k, v) -> put(entries, k, v));
        List<String> traceNames = entries.remove("trace");
        List<String> strategyNames = entries.remove("strategy");
        if (traceNames == null) {
            throw new IllegalArgumentException(file + ": names no trace (add a 'trace = FILE, ...' line)");
        }
        if (strategyNames == null) {
            strategyNames = new ArrayList<>();
            ReclaimStrategies.names().forEach(strategyNames::add);
        }
        List<Path> tracePaths = new ArrayList<>();
        for (String t : traceNames) {
            tracePaths.add(Path.of(t));
        }
        if (!format.equals("html") && !format.equals("text")) {
            throw new IllegalArgumentException("--format expects html or text, not '" + format + "'");
        }
        return new Sweep(tracePaths, entries, strategyNames, runs);
    }

    /** Checks every cell's options and opens every trace, so a bad one fails before any cell runs. */
    void check(List<Sweep.Point> points) throws IOException {
        Set<String> checked = new HashSet<>();
        for (Sweep.Point p : points) {
            ReplayRun run = cellRun(p); // check every cell's options before running any
            if (checked.add(p.trace() + "\0" + run.format())) {
                run.checkTrace(); // and open every trace, so a missing or malformed one fails before any cell runs
            }
        }
    }

    /** The configuration row naming the tool version that made the report (merge compares it). */
    static final String TOOL = "tool";

    private Map<String, String> described(Sweep sweep) {
        Map<String, String> d = SweepRunner.describe(sweep);
        String[] version = spec.root().version();
        d.put(TOOL, version.length > 0 ? version[0] : "wbreplay");
        return d;
    }

    private static void put(Map<String, List<String>> entries, String key, List<String> values) {
        if (values != null && !values.isEmpty()) {
            entries.put(key, values);
        }
    }

    private List<Sweep.Point> shard(Sweep sweep, String slice) {
        String[] kn = slice.split("/");
        try {
            if (kn.length == 2) {
                return sweep.shard(Integer.parseInt(kn[0].strip()), Integer.parseInt(kn[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--shard expects K/N (e.g. 2/4), not '" + shard + "'");
    }

    /**
     * A cell's key: what its result depends on (the tool version, trace, strategy, seed, variation and
     * every option, the defaults being the tool version's) and the identity (size, modification time) of
     * every file named; equal keys mean a finished cell can be reused.
     */
    private String cellKey(Sweep.Point p, Map<String, String> identities) {
        StringBuilder b = new StringBuilder();
        b.append("tool: ").append(BuildInfo.version()).append(" (commit ").append(BuildInfo.commit()).append(")\n");
        b.append("trace: ").append(p.trace()).append("\nstrategy: ").append(p.strategy()).append("\nseed: ")
                .append(seed + p.run()).append("\nvary: ").append(p.runs() > 1).append('\n');
        b.append("trace files: ").append(identities.computeIfAbsent(p.trace().toString(), x -> identity(p.trace(), true)))
                .append('\n');
        p.options().forEach((k, v) -> {
            b.append(k).append(" = ").append(v).append('\n');
            if (Files.isRegularFile(Path.of(v))) { // a file the option names (pinned = SCHEDULE.csv)
                b.append("file ").append(v).append(": ").append(identities.computeIfAbsent(v, x -> identity(Path.of(x), false)))
                        .append('\n');
            }
        });
        return b.toString();
    }

    /**
     * The size and modification time of a file, or of every file a trace argument names (a directory,
     * a glob): a changed input runs its cells again.
     */
    private static String identity(Path f, boolean trace) {
        try {
            StringBuilder b = new StringBuilder();
            for (Path x : trace ? TraceFiles.of(f) : List.of(f)) {
                b.append(b.length() == 0 ? "" : ", ").append(x.getFileName()).append(' ').append(Files.size(x))
                        .append(" bytes modified ").append(Files.getLastModifiedTime(x));
            }
            return b.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The run of one cell: the defaults, the comparison's seed (one per repeated run), then the cell's values. */
    private ReplayRun cellRun(Sweep.Point p) throws IOException {
        RunConfig c = new RunConfig();
        c.core.seed = seed + p.run();
        if (p.runs() > 1) {
            c.options.variation = RunVariation.REPEATED; // repeated runs differ only if the seed may vary them
        }
        try {
            for (Map.Entry<String, String> e : p.options().entrySet()) {
                RunConfig.Setting s = RunConfig.setting(e.getKey());
                if (s == null) {
                    List<String> known = new ArrayList<>(List.of("trace", "strategy"));
                    RunConfig.SETTINGS.forEach(k -> known.add(k.name()));
                    throw new IllegalArgumentException("unknown key '" + e.getKey() + "'; known: " + String.join(", ", known));
                }
                s.apply(c, e.getValue());
            }
            return c.run(p.trace(), p.strategy());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cell " + p.index() + " (" + p.configLabel() + "): " + e.getMessage());
        }
    }

    /** The command line, with {@code --shard auto} replaced by the slice it took (merge reads K/N from it). */
    private String commandLine(String slice) {
        StringBuilder b = new StringBuilder();
        b.append("wbreplay"); // the original arguments start with the subcommand
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (slice != null && (a.equals("--shard") || a.startsWith("--shard="))) {
                b.append(" --shard ").append(slice);
                i += a.equals("--shard") ? 1 : 0;
                continue;
            }
            b.append(' ').append(a.matches("[\\w./:=,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        if (spec.commandLine().getParseResult().originalArgs().stream().noneMatch(a -> a.startsWith("--seed"))) {
            b.append(" --seed ").append(seed);
        }
        return b.toString();
    }
}
