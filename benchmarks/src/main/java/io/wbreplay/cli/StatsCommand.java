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
    @Parameters(paramLabel = "FILE", description = "The trace (blktrace: NAME for NAME.blktrace.N).")
    Path file;

    @Option(names = "--format", paramLabel = "F", description = "The trace's format (default: detected).")
    String format;

    @Option(names = "--lenient", description = "Skip and count malformed records instead of stopping at the first.")
    boolean lenient;

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TraceFormat f = format == null ? TraceFormats.detect(file) : TraceFormats.byName(format);
        TraceStats stats;
        try (Progress progress = Progress.start("stats", file, 1);
                TraceReader in = readAhead(new CountingReader(
                        TraceFormats.openAs(file, f, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT), progress.records()))) {
            stats = TraceStats.read(in);
            progress.runFinished();
        }
        TraceStatsReport report = new TraceStatsReport(stats, file.toString(), f.name());
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.text());
        out.flush();
        if (stats.skippedSummary() != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("wbreplay: " + stats.skippedSummary());
            err.flush();
        }
        return 0;
    }

    /** Parsing in a second thread and counting in this one, where the parsing costs more than the handover. */
    private static TraceReader readAhead(TraceReader in) {
        return in.worthReadingAhead() ? new PrefetchingReader(in) : in;
    }
}
