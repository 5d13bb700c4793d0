package io.wbreplay.traces.formats;

import io.wbreplay.traces.MultiTraceReader;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceFiles;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceInput;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.blktrace.BlkparseTextFormat;
import io.wbreplay.traces.blktrace.BlktraceFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The registry of trace formats: look one up by name, or detect a file's format by sniffing. */
public final class TraceFormats {
    private static final int SNIFF_BYTES = 64 * 1024;

    /** In sniffing order: binary and distinctive formats first, the generic CSVs last. */
    private static final List<TraceFormat> ALL = List.of(new BlktraceFormat(), new BlkparseTextFormat(),
            new io.wbreplay.traces.fio.FioIologFormat(), new io.wbreplay.traces.tracepoint.TracepointFormat(),
            new io.wbreplay.traces.csv.WbreplayCsvFormat(),
            new io.wbreplay.traces.dataset.MsrFormat(), new io.wbreplay.traces.dataset.SpcFormat());

    private TraceFormats() {
    }

    public static List<TraceFormat> all() {
        return ALL;
    }

    /** Names of all formats, comma-separated, for messages and help. */
    public static String names() {
        return ALL.stream().map(TraceFormat::name).collect(Collectors.joining(", "));
    }

    public static TraceFormat byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (TraceFormat f : ALL) {
            if (f.name().equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown trace format '" + name + "'; known formats: " + names());
    }

    /**
     * The format of {@code file} by sniffing its first bytes (after decompressing a gzip, xz, zstd or
     * bzip2 file). A {@code file} that does not exist may name blktrace per-CPU files
     * {@code file.blktrace.N}: the first non-empty one is sniffed (a CPU that saw no I/O leaves an empty
     * file). A directory or a glob names a trace spread over several files, all in one format.
     */
    public static TraceFormat detect(Path file) throws IOException {
        List<Path> files = TraceFiles.of(file);
        TraceFormat first = null;
        for (Path f : files) {
            TraceFormat format = detectOne(f);
            if (first == null) {
                first = format;
            } else if (format != first) {
                throw new TraceFormatException(f, "byte offset 0", "is " + format.name() + " but " + files.get(0)
                        + " is " + first.name() + "; the files of one trace must all be in one format");
            }
        }
        return first;
    }

    private static TraceFormat detectOne(Path file) throws IOException {
        Path probe = Files.exists(file) ? file : firstNonEmptyCpuFile(file);
        byte[] head = new byte[SNIFF_BYTES];
        int n = 0;
        InputStream in = TraceInput.open(probe);
        try {
            int r;
            while (n < head.length && (r = in.read(head, n, head.length - n)) > 0) {
                n += r;
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        if (TraceInput.isRereadable(probe)) {
            in.close();
        } else {
            // a pipe or device reads once: the reader goes on from the sniffed bytes
            TraceInput.handOver(probe, new SequenceInputStream(new ByteArrayInputStream(head, 0, n), in));
        }
        if (n == 0) {
            throw new TraceFormatException(probe, "byte offset 0", "the file is empty; expected a trace");
        }
        for (TraceFormat f : ALL) {
            if (f.sniff(probe, head, n)) {
                return f;
            }
        }
        String compression = TraceInput.compression(probe);
        throw new TraceFormatException(probe, "byte offset 0",
                "not a known trace format" + (compression == null ? "" : " after " + compression + " decompression")
                        + " (tried " + names() + "); name one with --format");
    }
    private static Path firstNonEmptyCpuFile(Path name) throws IOException {
        List<Path> cpuFiles = BlktraceFormat.perCpuFiles(name);
        if (cpuFiles.isEmpty()) {
            throw new NoSuchFileException(name.toString(), null, "not found, nor " + name.getFileName() + ".blktrace.0, .1, ...");
        }
        for (Path f : cpuFiles) {
            if (Files.size(f) > 0) {
                return f;
            }
        }
        throw new TraceFormatException(cpuFiles.get(0), "byte offset 0",
                "all " + cpuFiles.size() + " per-CPU file(s) are empty; expected blktrace records");
    }

    /** Opens {@code file} in the named format, or the detected one when {@code format} is null. */
    public static TraceReader open(Path file, String format, ReadOptions options) throws IOException {
        TraceFormat f = format == null ? detect(file) : byName(format);
        return openAs(file, f, options);
    }

    /**
     * Opens {@code file} in format {@code f}: one file, or every file of a directory or glob merged by
     * time into one trace ({@link MultiTraceReader}).
     */
    public static TraceReader openAs(Path file, TraceFormat f, ReadOptions options) throws IOException {
        List<Path> files = TraceFiles.of(file);
        if (files.size() == 1) {
            return f.open(files.get(0), options);
        }
        List<TraceReader> readers = new ArrayList<>();
        try {
            for (Path p : files) {
                readers.add(f.open(p, options));
            }
            return new MultiTraceReader(readers);
        } catch (IOException | RuntimeException e) {
            for (TraceReader r : readers) {
                r.close();
            }
            throw e;
        }
    }
}
