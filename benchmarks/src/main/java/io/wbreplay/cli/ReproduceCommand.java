package io.wbreplay.cli;

import io.wbreplay.reports.Reproduction;
import io.wbreplay.reports.ReproductionReport;
import io.wbreplay.reports.RunDirectory;
import io.wbreplay.reports.Sweep;
import io.wbreplay.reports.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wbreplay reproduce [NAME]}: the published experiments the model is checked against. Each is
 * a definition (traces/samples/reproduce/NAME.json: generator arguments, arms, claims and their
 * criteria) and a sweep file beside it; running one generates the workload, runs the sweep with
 * {@code wbreplay compare} and judges every claim into report.md.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Without NAME: list the published experiments. With NAME: generate its workload, run its sweep "
                + "with 'wbreplay compare' into DIR/compare and write DIR/report.md, whose first section is the "
                + "verdict table (claim | published | model | verdict); criteria are in the definition, written "
                + "before the run. Run from the wbreplay checkout (definitions in traces/samples/reproduce/)."})
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1",
            description = "A listed experiment, or a definition file (NAME.json with its sweep beside it).")
    String name;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: reproduce-NAME).")
    Path out;

    @Option(names = "--definitions", paramLabel = "DIR", description = "Where the definitions are (default: ${DEFAULT-VALUE}).",
            defaultValue = "traces/samples/reproduce")
    Path definitions;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Cells run at once (default: all cores).")
    Integer jobs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (name == null) {
            for (Path f : list(definitions)) {
                Reproduction r = Reproduction.read(f);
                o.printf("%-18s %s%n", r.name(), r.title());
            }
            o.flush();
            return 0;
        }
        Path file = name.endsWith(Reproduction.SUFFIX) ? Path.of(name) : definitions.resolve(name + Reproduction.SUFFIX);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no experiment '" + name + "' in " + definitions + " (known: "
                    + String.join(", ", names(definitions)) + ")");
        }
        Reproduction r = Reproduction.read(file);
        Path dir = out != null ? out : Path.of("reproduce-" + r.name());
        Files.createDirectories(dir);
        Map<String, Sweep.Point> cells = new LinkedHashMap<>();
        Map<String, RunDirectory> runs = new LinkedHashMap<>();
        if (r.runs()) {
            runSweep(r, file, dir, cells, runs);
        }
        List<Reproduction.Outcome> outcomes = ReproductionReport.judge(r, runs);
        String command = "wbreplay reproduce " + r.name() + (out == null ? "" : " -o " + out);
        ReproductionReport.write(dir, r, outcomes, cells, runs, command, "compare");
        o.println(r.name() + ": " + r.title());
        o.print(ReproductionReport.table(outcomes));
        o.println("report: " + dir.resolve(ReproductionReport.FILE).toAbsolutePath());
        o.flush();
        return 0;
    }

    /** Generates the workload into DIR, runs the sweep with compare into DIR/compare and opens each arm's run. */
    private void runSweep(Reproduction r, Path file, Path dir, Map<String, Sweep.Point> cells,
                          Map<String, RunDirectory> runs) throws IOException {
        Path trace = dir.resolve(r.name() + ".csv");
        Path sweepFile = r.sweepFile(file);
        cells.putAll(r.cells(sweep(sweepFile, trace).points())); // arms checked before any run
        List<String> gen = new ArrayList<>(List.of("trace", "generate"));
        gen.addAll(r.generate());
        gen.addAll(List.of("-o", trace.toString()));
        run(gen, file + ": generating the workload");
        Path compareDir = dir.resolve("compare");
        List<String> compare = new ArrayList<>(List.of("compare", "--sweep", sweepFile.toString(), "--trace",
                trace.toString(), "-o", compareDir.toString()));
        if (jobs != null) {
            compare.addAll(List.of("-j", jobs.toString()));
        }
        run(compare, file + ": running the sweep");

        for (Map.Entry<String, Sweep.Point> e : cells.entrySet()) {
            runs.put(e.getKey(), RunDirectory.open(compareDir.resolve(SweepRunner.cellDir(e.getValue()))));
        }
    }

    /** The definition's sweep with the generated trace, as compare builds it. */
    static Sweep sweep(Path sweepFile, Path trace) throws IOException {
        Map<String, List<String>> entries = Sweep.readFile(sweepFile);
        entries.remove("trace");
        List<String> strategies = entries.remove("strategy");
        if (strategies == null) {
            throw new IllegalArgumentException(sweepFile + ": expected a 'strategy = ...' line");
        }
        return new Sweep(List.of(trace), entries, strategies);
    }

    /** Runs a wbreplay subcommand in this process; its one-line error, if any, becomes ours with what we were doing. */
    private static void run(List<String> args, String what) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        if (cl.execute(args.toArray(new String[0])) != 0) {
            String why = err.toString().strip().replaceFirst("^wbreplay: ", "");
            throw new IllegalArgumentException(what + ": " + (why.isEmpty() ? "failed" : why.lines().findFirst().get()));
        }
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no " + dir + " here: run reproduce from the wbreplay checkout, or "
                    + "give --definitions DIR");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(Reproduction.SUFFIX)).sorted().toList();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> n = new ArrayList<>();
        for (Path p : list(dir)) {
            n.add(p.getFileName().toString().replaceFirst("\\.json$", ""));
        }
        return n;
    }
}
