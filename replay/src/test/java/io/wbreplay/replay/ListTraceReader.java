package io.wbreplay.replay;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TraceReader;
import java.util.ArrayList;
import java.util.List;

/** Test trace: records built in code. */
public final class ListTraceReader implements TraceReader {
    private final List<IoRecord> records = new ArrayList<>();
    private int at;

    public ListTraceReader fileOp(long timeNs, int pid, Operation op, int file, long offset, long bytes) {
        IoRecord r = new IoRecord();
        r.timeNs = timeNs;
        r.kind = EventKind.FILE_OP;
        r.pid = pid;
        r.op = op;
        r.file = file;
        r.offset = offset;
        r.bytes = bytes;
        records.add(r);
        return this;
    }

    public int size() {
        return records.size();
    }

    @Override
    public boolean next(IoRecord into) {
        if (at == records.size()) {
            return false;
        }
        into.set(records.get(at++));
        return true;
    }

    @Override
    public void close() {
    }
}
