package io.wbreplay.cli;

import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wbreplay trace convert IN OUT --to FORMAT}: reads a trace in its detected (or named) format and
 * writes it with another format's writer. Writers publish their files atomically on close and are
 * abandoned on any error, so an error leaves no output file.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a trace from one format to another.")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "The trace to read.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The trace to write.")
    Path output;

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "Format to write.")
    String to;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of IN (default: detected).")
    String format;

    @Option(names = "--lenient", description = "Skip and count malformed records instead of stopping at the first.")
    boolean lenient;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TraceFormat target = TraceFormats.byName(to);
        if (!target.canWrite()) {
            throw new IllegalArgumentException("the " + target.name() + " format can be read but not written; writable: "
                    + writableNames());
        }
        TraceFormat source = format == null ? TraceFormats.detect(input) : TraceFormats.byName(format);
        Files.createDirectories(output.toAbsolutePath().getParent());
        PrintWriter out = spec.commandLine().getOut();
        try (TraceReader in = TraceFormats.openAs(input, source, new ReadOptions(lenient))) {
            TraceWriter writer = target.create(output);
            long records = TraceCopy.copy(in, writer, null);
            long omitted = writer.omitted();
            out.printf("converted %d records from %s (%s) to %s (%s); skipped %d malformed, ignored %d other lines%s%n",
                    records - omitted, input, source.name(), output, target.name(), in.skipped(), in.ignored(),
                    omitted == 0 ? "" : "; " + omitted + " records have no " + target.name() + " form and were left out");
            if (in.skippedSummary() != null) {
                out.println(in.skippedSummary());
            }
        }
        out.flush();
        return 0;
    }

    private static String writableNames() {
        StringBuilder b = new StringBuilder();
        for (TraceFormat f : TraceFormats.all()) {
            if (f.canWrite()) {
                b.append(b.length() == 0 ? "" : ", ").append(f.name());
            }
        }
        return b.toString();
    }
}
