package io.wbreplay.replay.driver;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;

/** Looks at the start of a trace to decide how a sector-level trace is replayed. */
public final class TraceProbe {
    private TraceProbe() {
    }

    /**
     * True if the first {@code limit} records hold block events but no Q (QUEUE) event: such a trace
     * (e.g. one recorded with only block_rq_issue) is replayed from its D (ISSUE) events.
     */
    public static boolean issueOnly(TraceReader reader, int limit) throws IOException {
        IoRecord r = new IoRecord();
        boolean sawIssue = false;
        for (int n = 0; n < limit && reader.next(r); n++) {
            if (r.isFileLevel()) {
                return false;
            }
            if (r.kind == EventKind.QUEUE) {
                return false;
            }
            sawIssue |= r.kind == EventKind.ISSUE;
        }
        return sawIssue;
    }
}
