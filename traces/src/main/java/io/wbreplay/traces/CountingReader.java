package io.wbreplay.traces;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reader that adds the records it passes on to a counter another thread may read (a progress bar).
 * The counter is published every {@value #BATCH} records and at the end, so counting costs next to
 * nothing per record.
 */
public final class CountingReader extends ForwardingTraceReader {
    private static final int BATCH = 4096;

    private final AtomicLong count;
    private int pending;

    public CountingReader(TraceReader in, AtomicLong count) {
        super(in);
        this.count = count;
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        if (in.next(into)) {
            if (++pending == BATCH) {
                count.addAndGet(pending);
                pending = 0;
            }
            return true;
        }
        count.addAndGet(pending);
        pending = 0;
        return false;
    }
}
