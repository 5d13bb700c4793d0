package io.wbreplay.cli;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceFormats;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wbreplay trace convert IN OUT --to FORMAT}: reads a trace in its detected (or named) format and
 * writes it with another format's writer. The writer works in a staging directory beside OUT whose files
 * are moved into place only when everything succeeded, so an error leaves no output file, whatever
 * files the target format writes.
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
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, "." + output.getFileName() + ".converting-");
        try {
            Summary s = convert(source, target, staging.resolve(output.getFileName()));
            publish(staging, dir);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("converted %d records from %s (%s) to %s (%s); skipped %d malformed, ignored %d other lines%s%n",
                    s.written, input, source.name(), output, target.name(), s.skipped, s.ignored,
                    s.omitted == 0 ? "" : "; " + s.omitted + " records have no " + target.name() + " form and were left out");
            if (s.skippedSummary != null) {
                out.println(s.skippedSummary);
            }
            out.flush();
            return 0;
        } finally {
            deleteTree(staging);
        }
    }

    private record Summary(long written, long skipped, long ignored, long omitted, String skippedSummary) {
    }

    private Summary convert(TraceFormat source, TraceFormat target, Path staged) throws IOException {
        IoRecord r = new IoRecord();
        BitSet namedFiles = new BitSet();
        BitSet namedPids = new BitSet();
        long records = 0;
        try (TraceReader in = source.open(input, new ReadOptions(lenient)); TraceWriter out = target.create(staged)) {
            while (in.next(r)) {
                if (r.isFileLevel() && !namedFiles.get(r.file)) {
                    namedFiles.set(r.file);
                    String name = in.fileName(r.file);
                    if (name != null) {
                        out.fileName(r.file, name);
                    }
                }
                if (r.pid >= 0 && !namedPids.get(r.pid)) {
                    namedPids.set(r.pid);
                    String command = in.processName(r.pid);
                    if (command != null) {
                        out.processName(r.pid, command);
                    }
                }
                out.write(r);
                records++;
            }
            return new Summary(records - out.omitted(), in.skipped(), in.ignored(), out.omitted(), in.skippedSummary());
        }
    }

    /** Moves every file the writer produced from the staging directory into {@code dir}. */
    private static void publish(Path staging, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            ds.forEach(files::add);
        }
        for (Path f : files) {
            Path target = dir.resolve(f.getFileName());
            try {
                Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
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
