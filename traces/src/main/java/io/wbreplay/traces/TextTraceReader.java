package io.wbreplay.traces;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the line-by-line text readers share: the file's lines, the strict/lenient policy for malformed
 * lines, and the count of lines that are valid but not records. A subclass reads {@link #lines} in
 * {@link #next} and reports each line it does not return as {@link #ignoreLine()} or
 * {@link #malformedLine(String)}.
 */
public abstract class TextTraceReader implements TraceReader {
    protected final Path file;
    protected final TextLineReader lines;
    private final MalformedRecords malformed;
    private long ignored;

    protected TextTraceReader(Path file, ReadOptions options) throws IOException {
        this.file = file;
        this.lines = TextLineReader.open(file);
        this.malformed = new MalformedRecords(file, options);
    }

    /** The current line is valid but not a record. */
    protected final void ignoreLine() {
        ignored++;
    }

    /** The current line is malformed: throws when strict, else counts it and moves on. */
    protected final void malformedLine(String problem) throws TraceFormatException {
        malformed.atLine(lines.number(), problem);
    }

    /** The error for a file with no lines: "line 1: the file is empty; " + {@code expected}. */
    protected final TraceFormatException emptyFile(String expected) {
        return TraceFormatException.atLine(file, 1, "the file is empty; " + expected);
    }

    @Override
    public final long skipped() {
        return malformed.skipped();
    }

    @Override
    public final String skippedSummary() {
        return malformed.summary();
    }

    @Override
    public final long ignored() {
        return ignored;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
