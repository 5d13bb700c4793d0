package io.wbreplay.traces;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads another reader ahead in a thread of its own, in batches, so that parsing the input and using
 * the records run on two cores: for a whole pass such as {@code trace stats}, or a replay of a trace
 * that names no processes ({@link TraceReader#namesProcesses}). The records, their order
 * and a failure (at the point it happened, after the records before it) are those of the reader.
 *
 * <p>Only for a consumer that asks {@link #fileName}, {@link #processName} and the counts after the
 * last record: during the pass they belong to the reading thread.
 */
public final class PrefetchingReader extends ForwardingTraceReader {
    private static final int BATCH = 4096;
    private static final int BATCHES = 4;

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BATCHES + 2);
    private final Thread reader;
    private Batch current;
    private int next;

    /** One batch of records; the last one has {@code end} set, and {@code failure} if reading failed. */
    private static final class Batch {
        final IoRecord[] records = new IoRecord[BATCH];
        int size;
        boolean end;
        Throwable failure;

        Batch() {
            for (int i = 0; i < BATCH; i++) {
                records[i] = new IoRecord();
            }
        }
    }

    public PrefetchingReader(TraceReader in) {
        super(in);
        for (int i = 0; i < BATCHES + 2; i++) {
            empty.add(new Batch());
        }
        reader = new Thread(this::fill, "trace-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void fill() {
        try {
            while (true) {
                Batch b = empty.take();
                b.size = 0;
                try {
                    while (b.size < BATCH && in.next(b.records[b.size].clear())) {
                        b.size++;
                    }
                    b.end = b.size < BATCH;
                } catch (IOException | RuntimeException | Error e) {
                    b.failure = e;
                    b.end = true;
                }
                full.put(b);
                if (b.end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed: stop reading
        }
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        while (current == null || next == current.size) {
            if (current != null) {
                if (current.end) {
                    rethrow(current.failure);
                    return false;
                }
                empty.add(current);
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            next = 0;
        }
        into.set(current.records[next++]);
        return true;
    }

    /** Within the batch at hand: the records after it are still the reading thread's. */
    @Override
    public IoRecord peek(int ahead) {
        int at = next + ahead;
        return current != null && at < current.size ? current.records[at] : null;
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        in.close();
    }
}
