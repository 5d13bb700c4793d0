package io.wbreplay.traces;

import java.nio.file.Path;

/**
 * The strict/lenient policy a reader applies to malformed records: strict throws, lenient counts the
 * record and keeps the first problem for the summary.
 */
public final class MalformedRecords {
    private final Path file;
    private final boolean lenient;
    private long skipped;
    private TraceFormatException first;

    public MalformedRecords(Path file, ReadOptions options) {
        this.file = file;
        this.lenient = options.lenient();
    }

    /** A malformed record at a text line: throws when strict, else counts it. */
    public void atLine(long line, String problem) throws TraceFormatException {
        report(TraceFormatException.atLine(file, line, problem));
    }

    /** A malformed record at a byte offset: throws when strict, else counts it. */
    public void atByte(long offset, String problem) throws TraceFormatException {
        report(TraceFormatException.atByte(file, offset, problem));
    }

    private void report(TraceFormatException e) throws TraceFormatException {
        if (!lenient) {
            throw e;
        }
        if (first == null) {
            first = e;
        }
        skipped++;
    }

    public long skipped() {
        return skipped;
    }

    /** One line for the user: how many were skipped and the first of them, or null if none. */
    public String summary() {
        return skipped == 0 ? null : "skipped " + skipped + " malformed record(s) in " + file + "; first: " + first.getMessage();
    }
}
