package io.wbreplay.traces.synth;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TraceReader;
import java.util.SplittableRandom;

/**
 * The common machinery of a synthetic workload: a seeded generator, a clock advanced by think times,
 * and a small queue of records a {@link #step()} emits. Records are produced as they are read, so a
 * trace of any length takes constant memory. All records are file-level ({@link EventKind#FILE_OP})
 * on files named {@code f0}, {@code f1}, ..., each opened before its first use, so ids appear in order.
 */
abstract class SyntheticTrace implements TraceReader {
    /** Base of the pids: stream i is pid {@code PID + i}. */
    static final int PID = 1000;

    final SynthOptions options;
    final SplittableRandom random;
    private long clock;
    private IoRecord[] queue = new IoRecord[8];
    private int head;
    private int size;
    private boolean done;

    SyntheticTrace(SynthOptions options) {
        options.validate();
        this.options = options;
        this.random = new SplittableRandom(options.seed);
        for (int i = 0; i < queue.length; i++) {
            queue[i] = new IoRecord();
        }
    }

    /** Emits the next few records; returns false when the workload is over (having emitted nothing). */
    abstract boolean step();

    @Override
    public final boolean next(IoRecord into) {
        while (size == 0) {
            if (done || !step()) {
                done = true;
                return false;
            }
        }
        into.set(queue[head]);
        head = (head + 1) % queue.length;
        size--;
        return true;
    }

    /** Queues one record at the current time, then advances the clock by a think time. */
    final void emit(int pid, Operation op, int file, long offset, long bytes) {
        if (size == queue.length) {
            grow();
        }
        IoRecord r = queue[(head + size) % queue.length].clear();
        r.timeNs = clock;
        r.kind = EventKind.FILE_OP;
        r.op = op;
        r.pid = pid;
        r.file = file;
        r.offset = offset;
        r.bytes = bytes;
        size++;
        clock += think();
    }

    private void grow() {
        IoRecord[] bigger = new IoRecord[queue.length * 2];
        for (int i = 0; i < bigger.length; i++) {
            bigger[i] = i < size ? queue[(head + i) % queue.length] : new IoRecord();
        }
        queue = bigger;
        head = 0;
    }

    /** An exponentially distributed gap with the configured mean (StrictMath: the same on every JVM). */
    private long think() {
        if (options.thinkTimeNs == 0) {
            return 0;
        }
        return Math.round(-StrictMath.log(1.0 - random.nextDouble()) * options.thinkTimeNs);
    }

    /** A uniformly chosen block-aligned offset below {@code fileSize}. */
    final long randomBlock(long fileSize, long blockSize) {
        long blocks = Math.max(1, fileSize / blockSize);
        return random.nextLong(blocks) * blockSize;
    }

    @Override
    public final String fileName(int file) {
        return file >= 0 ? "f" + file : null;
    }

    @Override
    public void close() {
        done = true;
    }
}
