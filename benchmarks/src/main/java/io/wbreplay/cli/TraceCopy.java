package io.wbreplay.cli;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.util.BitSet;

/** Copies a trace into a writer, naming each file and process before its first record. */
final class TraceCopy {
    private TraceCopy() {
    }

    /**
     * Copies every record of {@code in} to {@code out}, then closes {@code out}, which publishes it; on
     * any failure abandons {@code out} instead, so no output appears. A process the reader cannot name
     * gets {@code defaultCommand} (if not null).
     *
     * @return the number of records read
     */
    static long copy(TraceReader in, TraceWriter out, String defaultCommand) throws IOException {
        IoRecord r = new IoRecord();
        BitSet namedFiles = new BitSet();
        BitSet namedPids = new BitSet();
        long records = 0;
        try {
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
                    if (command != null || defaultCommand != null) {
                        out.processName(r.pid, command != null ? command : defaultCommand);
                    }
                }
                out.write(r);
                records++;
            }
        } catch (IOException | RuntimeException | Error e) {
            out.abandon();
            throw e;
        }
        out.close();
        return records;
    }
}
