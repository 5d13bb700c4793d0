package io.wbreplay.traces;

import java.io.Closeable;
import java.io.IOException;

/**
 * A streaming reader of one trace: memory does not grow with the trace's length.
 *
 * <pre>{@code
 * IoRecord r = new IoRecord();
 * try (TraceReader in = io.wbreplay.traces.formats.TraceFormats.open(path, ReadOptions.STRICT)) {
 *     while (in.next(r)) { ... }
 * }
 * }</pre>
 */
public interface TraceReader extends Closeable {
    /**
     * Fills {@code into} with the next record.
     *
     * @return false at the end of the trace
     * @throws TraceFormatException on a malformed record in strict mode
     */
    boolean next(IoRecord into) throws IOException;

    /** Records skipped as malformed so far (lenient mode), 0 in strict mode. */
    default long skipped() {
        return 0;
    }

    /** "skipped N malformed record(s) ...; first: ...", or null when nothing was skipped. */
    default String skippedSummary() {
        return null;
    }

    /** Lines or events that are valid but not block I/O records (other tracepoints, notes), skipped. */
    default long ignored() {
        return 0;
    }

    /**
     * The absolute time of this reader's time 0 in nanoseconds, on the format's own clock (0 where the
     * format's times are already relative to a common start), so that the files of one trace spread over
     * several files can be merged on one clock.
     */
    default long originNs() {
        return 0;
    }

    /** The name of file id {@code file} of a file-level trace, or null if unknown. */
    default String fileName(int file) {
        return null;
    }

    /** The command name recorded for {@code pid}, or null if the trace does not say. */
    default String processName(int pid) {
        return null;
    }

    /**
     * True if {@link #processName} can name a process: the names are learned while the trace is read,
     * so a reader that answers it during a pass must be read in the thread that asks.
     */
    default boolean namesProcesses() {
        return false;
    }

    /**
     * True if reading this trace ahead in a thread of its own ({@link PrefetchingReader}) saves time:
     * parsing text or decompressing costs more per record than handing the record to another core. A
     * reader that decodes plain binary records where they lie answers false: there the handover costs
     * more than the decoding, and the JIT compilers are better off with the other core.
     */
    default boolean worthReadingAhead() {
        return true;
    }

    /**
     * The record {@code ahead} places after the one {@link #next} gives next (0: that one), if it has
     * already been read and is at hand, else null; reads nothing, so a reader's state and failures stay
     * where they were. For hints only (the replay's prefetch): the record must not be kept or changed.
     */
    default IoRecord peek(int ahead) {
        return null;
    }
}
