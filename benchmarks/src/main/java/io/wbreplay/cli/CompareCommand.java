package io.wbreplay.cli;

import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.replay.vmscan.ReclaimStrategies;
import io.wbreplay.replay.driver.RunVariation;
import io.wbreplay.reports.DispatchPoints;
import io.wbreplay.reports.ReportBuilder;
import io.wbreplay.reports.TextReport;
import io.wbreplay.reports.ReportInfo;
import io.wbreplay.reports.Sweep;
import io.wbreplay.reports.SweepRunner;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wbreplay compare}: traces x configurations x strategies, run in parallel, into one report. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay traces under every combination of configuration and reclaim strategy, in parallel "
                + "on all cores, and write one report directory: summary.csv, histogram logs, charts (PNG, SVG), "
                + "each cell's run (with its blktrace dispatch log) and index.html.",
                "With no traces: the sweep in traces/samples/default.sweep (every strategy on the shipped samples, "
                + "two memory sizes), run from the wbreplay checkout."},
        footer = {"",
            "A sweep file has 'key = value, value, ...' lines (# comments). Keys: trace, strategy, and any "
                + "'wbreplay replay' option without its dashes (memory, device, dirty-ratio, throttle, pinned, ...); "
                + "flags given on the command line replace the file's.",
            "--shard K/N runs every N-th cell starting at the K-th; 'wbreplay merge' joins the shards' directories. "
                + ArrayTask.HELP,
            "A cell already finished in the report directory with the same configuration, traces and tool version is "
                + "not run again: re-running an interrupted compare finishes it (--force runs every cell)."})
final class CompareCommand implements Callable<Integer> {
    /** The sweep of the default comparison (the shipped samples), relative to the checkout. */
    static final Path DEFAULT_SWEEP = Path.of("traces/samples/default.sweep");

    @Option(names = "--trace", paramLabel = "FILE", split = ",", description = "Traces to replay (default: the sweep in traces/samples/default.sweep).")
    List<String> traces;

    @Option(names = "--strategy", paramLabel = "S", split = ",", description = "Strategies (default: all).")
    List<String> strategies;

    @Option(names = "--memory", paramLabel = "SIZE", split = ",", description = "Simulated memory sizes (default: replay's, 1G).")
    List<String> memory;

    @Option(names = "--device", paramLabel = "MODEL", split = ",", description = "Device models: hdd, ssd.")
    List<String> devices;

    @Option(names = "--dirty-ratio", paramLabel = "PCT", split = ",", description = "vm.dirty_ratio values.")
    List<String> dirtyRatios;

    @Option(names = "--dirty-background-ratio", paramLabel = "PCT", split = ",", description = "vm.dirty_background_ratio values.")
    List<String> dirtyBackgroundRatios;

    @Option(names = "--throttle", paramLabel = "MODE", split = ",", description = "Throttling modes: io-less, writer-writes.")
    List<String> throttles;

    @Option(names = "--sweep", paramLabel = "FILE", description = "A sweep file (see below).")
    Path sweepFile;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of every cell (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--baseline", paramLabel = "S", defaultValue = "no-reclaim-writeback",
            description = "The strategy the ratios and tests compare against (default: ${DEFAULT-VALUE}, today's kernel).")
    String baseline;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "Run each cell N times with seeds SEED..SEED+N-1 that vary rotational position, service times, "
                    + "arrival times and extent layout (replay --vary); the report gives mean ± stddev, 95% confidence "
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
            cellCommand(p, out).replayRun().execute(dir);
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
    Sweep sweep(Path file) throws java.io.IOException {
        if (file != null && !Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, Files.isDirectory(file)
                    ? "is a directory; expected a sweep file" : "no such sweep file");
        }
        Map<String, List<String>> entries = file == null ? new LinkedHashMap<>() : Sweep.readFile(file);
        put(entries, "trace", traces);
        put(entries, "strategy", strategies);
        put(entries, "memory", memory);
        put(entries, "device", devices);
        put(entries, "dirty-ratio", dirtyRatios);
        put(entries, "dirty-background-ratio", dirtyBackgroundRatios);
        put(entries, "throttle", throttles);
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
    void check(List<Sweep.Point> points) throws Exception {
        Set<String> checked = new HashSet<>();
        for (Sweep.Point p : points) {
            ReplayRun run = cellCommand(p, out).replayRun(); // check every cell's options before running any
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
     * A cell's key: what its results depend on, the tool version, its replay arguments and the identity
     * (size, modification time) of every file they name; equal keys mean a finished cell can be reused.
     */
    private String cellKey(Sweep.Point p, Map<String, String> identities) {
        StringBuilder b = new StringBuilder();
        b.append("tool: ").append(BuildInfo.version()).append(" (commit ").append(BuildInfo.commit()).append(")\n");
        List<String> args = cellArgs(p);
        b.append("replay:");
        args.forEach(a -> b.append(' ').append(a));
        b.append('\n');
        for (String a : args) {
            Path f = Path.of(a);
            if (Files.exists(f)) {
                b.append("file ").append(a).append(": ").append(identities.computeIfAbsent(a, x -> identity(f))).append('\n');
            }
        }
        return b.toString();
    }

    /** A file's (or a directory's files') size and modification time: a changed input runs its cells again. */
    private static String identity(Path f) {
        try (java.util.stream.Stream<Path> files = Files.walk(f)) {
            StringBuilder b = new StringBuilder();
            for (Path x : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                b.append(b.length() == 0 ? "" : ", ").append(f.relativize(x).toString().isEmpty() ? "" : f.relativize(x) + " ")
                        .append(Files.size(x)).append(" bytes modified ").append(Files.getLastModifiedTime(x));
            }
            return b.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The arguments of one cell's {@code wbreplay replay} command, without its output directory. */
    private List<String> cellArgs(Sweep.Point p) {
        List<String> args = new ArrayList<>(List.of(p.trace().toString(), "--strategy", p.strategy(),
                "--seed", Long.toString(seed + p.run())));
        if (p.runs() > 1) {
            args.add("--vary"); // repeated runs differ only if the seed may vary them
        }
        CommandSpec replay = new CommandLine(new ReplayCommand()).getCommandSpec();
        p.options().forEach((k, v) -> {
            CommandLine.Model.OptionSpec o = replay.findOption("--" + k);
            if (o != null && o.arity().max() == 0) { // a flag: 'key = true' sets it, 'key = false' leaves it out
                if (!v.equals("true") && !v.equals("false")) {
                    throw new IllegalArgumentException("cell " + p.index() + " (" + p.configLabel() + "): '" + k
                            + "' is a flag: expected true or false, not '" + v + "'");
                }
                if (v.equals("true")) {
                    args.add("--" + k);
                }
                return;
            }
            args.add("--" + k);
            args.add(v);
        });
        return args;
    }

    /** The {@code wbreplay replay} command of one cell, parsed (so a sweep takes every replay option). */
    private ReplayCommand cellCommand(Sweep.Point p, Path reportDir) {
        List<String> args = cellArgs(p);
        args.addAll(List.of("-o", reportDir.resolve(SweepRunner.cellDir(p)).toString()));
        ReplayCommand cmd = new ReplayCommand();
        CommandLine cl = new CommandLine(cmd);
        try {
            cl.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("cell " + p.index() + " (" + p.configLabel() + "): " + e.getMessage());
        }
        cmd.spec = cl.getCommandSpec();
        return cmd;
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
