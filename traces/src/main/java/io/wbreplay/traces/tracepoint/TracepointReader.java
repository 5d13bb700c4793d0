package io.wbreplay.traces.tracepoint;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextTraceReader;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.blktrace.PidNames;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads block tracepoint text ({@link EventLinePrefix} for the line layouts, {@link BlockEvent} for the
 * events). Times are nanoseconds since the first record. Every other line (other events, comments,
 * headers, prose, stack traces) is skipped and counted in {@link #ignored()}, so records + skipped +
 * ignored equals the number of lines. A line that is a block event but does not follow its layout is
 * malformed. A file with no event line at all is rejected.
 */
final class TracepointReader extends TextTraceReader {
    static final String EXPECTED_LINES =
            "expected tracepoint lines such as 'COMM-PID [CPU] TIMESTAMP: block_rq_issue: 8,0 W 4096 () 2048 + 8 [comm]'"
                    + " (tracefs, trace-cmd report or perf script)";

    private final EventLinePrefix prefix = new EventLinePrefix();
    private final PidNames names = new PidNames();
    private boolean sawEventLine;
    private boolean started;
    private long firstNs;

    TracepointReader(Path file, ReadOptions options) throws IOException {
        super(file, options);
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        while (lines.next()) {
            TextLine line = lines.line();
            String problem = parse(line, into);
            if (problem == null) {
                if (prefix.commTo > prefix.commFrom && !names.contains(into.pid)) {
                    names.putIfAbsent(into.pid, line.text(prefix.commFrom, prefix.commTo));
                }
                if (!started) {
                    started = true;
                    firstNs = into.timeNs;
                }
                into.timeNs -= firstNs;
                return true;
            }
            if (problem.isEmpty() && lines.cutShort() && !line.isBlank() && line.charAt(0) != '#') {
                // tracefs, trace-cmd and perf end every line: without its newline the recording stopped mid-line
                problem = "the last line is cut short (no newline at the end of the file); expected a whole event line";
            }
            if (problem.isEmpty()) {
                ignoreLine();
            } else {
                malformedLine(problem);
            }
        }
        if (lines.number() == 0) {
            throw emptyFile(EXPECTED_LINES);
        }
        if (!sawEventLine) {
            throw TraceFormatException.atLine(file, 1, "no tracepoint event lines found; " + EXPECTED_LINES);
        }
        return false;
    }

    /** The command printed before the pid of its first event, as blkparse keeps the first name per pid. */
    @Override
    public String processName(int pid) {
        return names.get(pid);
    }

    @Override
    public boolean namesProcesses() {
        return true;
    }

    /** The first record's timestamp (seconds since boot, in nanoseconds). */
    @Override
    public long originNs() {
        return firstNs;
    }

    /** Null for a record, "" for a line that is not a block I/O record, else the problem. */
    private String parse(TextLine line, IoRecord r) {
        if (line.length() == 0 || line.charAt(0) == '#' || !prefix.parse(line)) {
            return "";
        }
        sawEventLine = true;
        if (prefix.otherSystem) {
            return "";
        }
        BlockEvent event = BlockEvent.of(line, prefix.eventFrom, prefix.eventTo);
        if (event == null) {
            return "";
        }
        r.clear();
        r.timeNs = prefix.timeNs;
        r.pid = prefix.pid;
        r.cpu = prefix.cpu;
        return BlockEventBody.parse(line, event, r);
    }
}
