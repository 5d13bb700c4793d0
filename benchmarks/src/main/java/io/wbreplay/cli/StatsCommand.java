package io.wbreplay.cli;

import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.CountingReader;
import io.wbreplay.traces.PrefetchingReader;
import io.wbreplay.traces.stats.TraceStats;
import io.wbreplay.traces.stats.TraceStatsReport;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wbreplay trace stats FILE}: what a trace holds, with btt's seek tables. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print what a trace holds: records per event kind and operation, bytes, duration, "
                + "read/write mix, request sizes and btt's seek tables.",
        footer = {"",
            "I/O-level figures (bytes, mix, sizes) come from one event kind: QUEUE if the trace has Q events, "
                + "else ISSUE, else COMPLETE, else its file-level records.",
            "Seek tables are btt's (btt/seek.c), per device: Q2Q from QUEUE events, D2D from ISSUE events, "
                + "in 512-byte sectors; on the same blktrace they equal what btt prints.",
            "File-level traces (fio iologs, synthetic workloads) have no device: they get tables per file, "
                + "every read/write/discard counting as both its Q and its D (offset / 512 as the sector), "
                + "so their Q2Q and D2D tables are equal.",
            "--json prints one object: records, bytes, durationNs, ..., devices {\"8,0\": {q2q, d2d}}, "
                + "files {NAME: {q2q, d2d}}; each table has nseeks, mean, median, mode, modeCount, nmodes."})
final class StatsCommand implements Callable<Integer> {
    static final String JSON = "--json";

    @Parameters(paramLabel = "FILE", description = "The trace (blktrace: NAME for NAME.blktrace.N).")
    Path file;

    @Option(names = "--format", paramLabel = "F", description = "The trace's format (default: detected).")
    String format;

    @Option(names = "--lenient", description = "Skip and count malformed records instead of stopping at the first.")
    boolean lenient;

    @Option(names = JSON, description = "Print one JSON object instead of the text report.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The command, writing to {@code out} and {@code err}: picocli's {@link #call()} and {@link Main}'s direct path. */
    int run(PrintWriter out, PrintWriter err) throws Exception {
        TraceFormat f = format == null ? TraceFormats.detect(file) : TraceFormats.byName(format);
        TraceStats stats;
        try (Progress progress = Progress.start("stats", file, 1);
                TraceReader in = readAhead(new CountingReader(
                        TraceFormats.openAs(file, f, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT), progress.records()))) {
            stats = TraceStats.read(in);
            progress.runFinished();
        }
        TraceStatsReport report = new TraceStatsReport(stats, file.toString(), f.name());
        out.print(json ? report.json() : report.text());
        out.flush();
        if (stats.skippedSummary() != null) {
            err.println("wbreplay: " + stats.skippedSummary());
            err.flush();
        }
        return 0;
    }

    /**
     * The command for arguments that picocli would parse into nothing but FILE and perhaps {@code --json}:
     * {@code trace stats FILE}, {@code trace stats FILE --json}, {@code trace stats --json FILE}; null for
     * any other shape (another option, help, {@code --}, an argument file {@code @...}, a FILE picocli
     * would take for an option), which goes through picocli. {@link Main} runs these without building
     * picocli's model of the command, a tenth of a second of start-up (benchmarks/README.md, eleventh pass).
     */
    static StatsCommand plain(String... args) {
        if (args.length < 3 || args.length > 4 || !args[0].equals("trace") || !args[1].equals("stats")) {
            return null;
        }
        StatsCommand plain = new StatsCommand();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(JSON) && !plain.json) {
                plain.json = true;
            } else if (plain.file == null && !arg.isEmpty() && arg.charAt(0) != '-' && arg.charAt(0) != '@') {
                try {
                    plain.file = Path.of(arg);
                } catch (InvalidPathException e) {
                    return null; // picocli's message
                }
            } else {
                return null;
            }
        }
        return plain.file == null ? null : plain;
    }

    /** Parsing in a second thread and counting in this one, where the parsing costs more than the handover. */
    private static TraceReader readAhead(TraceReader in) {
        return in.worthReadingAhead() ? new PrefetchingReader(in) : in;
    }
}
