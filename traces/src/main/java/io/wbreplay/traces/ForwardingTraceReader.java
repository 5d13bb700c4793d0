package io.wbreplay.traces;

import java.io.IOException;

/**
 * A reader wrapped around another that changes how records are passed on ({@link #next}) but answers
 * everything else as the wrapped one does: skipped and ignored counts, origin, file and process names.
 */
public abstract class ForwardingTraceReader implements TraceReader {
    protected final TraceReader in;

    protected ForwardingTraceReader(TraceReader in) {
        this.in = in;
    }

    @Override
    public long skipped() {
        return in.skipped();
    }

    @Override
    public String skippedSummary() {
        return in.skippedSummary();
    }

    @Override
    public long ignored() {
        return in.ignored();
    }

    @Override
    public long originNs() {
        return in.originNs();
    }

    @Override
    public String fileName(int file) {
        return in.fileName(file);
    }

    @Override
    public String processName(int pid) {
        return in.processName(pid);
    }

    @Override
    public boolean namesProcesses() {
        return in.namesProcesses();
    }

    @Override
    public boolean worthReadingAhead() {
        return in.worthReadingAhead();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
