package io.wbreplay.traces.tracepoint;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextLineReader;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Linux block tracepoint text as tracefs ({@code trace}, {@code trace_pipe}), {@code trace-cmd report}
 * and {@code perf script} print it: block_bio_queue (Q), block_bio_backmerge/frontmerge (M/F),
 * block_getrq (G), block_rq_insert (I), block_rq_issue (D), block_rq_complete (C) and the other events
 * of {@link BlockEvent}. Read only.
 */
public final class TracepointFormat implements TraceFormat {
    @Override
    public String name() {
        return "tracepoint";
    }

    @Override
    public String description() {
        return "Linux block tracepoint text (tracefs trace, trace-cmd report, perf script)";
    }

    /** True if a line in the head is a well-formed block event. */
    @Override
    public boolean sniff(Path file, byte[] head, int length) {
        EventLinePrefix prefix = new EventLinePrefix();
        IoRecord r = new IoRecord();
        try (TextLineReader lines = new TextLineReader(new ByteArrayInputStream(head, 0, length))) {
            while (lines.next()) {
                TextLine line = lines.line();
                if (line.length() > 0 && line.charAt(0) != '#' && prefix.parse(line) && !prefix.otherSystem) {
                    BlockEvent event = BlockEvent.of(line, prefix.eventFrom, prefix.eventTo);
                    if (event != null && BlockEventBody.parse(line, event, r) == null) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new TracepointReader(file, options);
    }
}
