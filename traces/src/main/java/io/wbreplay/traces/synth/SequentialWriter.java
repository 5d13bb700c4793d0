package io.wbreplay.traces.synth;

import io.wbreplay.traces.Operation;

/** {@code seq-write}: one writer appends blocks to f0 from offset 0, then fsyncs and closes it. */
final class SequentialWriter extends SyntheticTrace {
    private final long blocks;
    private long written = -1;

    SequentialWriter(SynthOptions o) {
        super(o);
        blocks = o.count(o.fileSize(64L << 20) / o.blockSize);
    }

    @Override
    boolean step() {
        if (written == -1) {
            emit(PID, Operation.OPEN, 0, 0, 0);
        } else if (written < blocks) {
            emit(PID, Operation.WRITE, 0, written * options.blockSize, options.blockSize);
            if (options.fsyncEvery > 0 && (written + 1) % options.fsyncEvery == 0 && written + 1 < blocks) {
                emit(PID, Operation.FSYNC, 0, 0, 0);
            }
        } else if (written == blocks) {
            emit(PID, Operation.FSYNC, 0, 0, 0);
            emit(PID, Operation.CLOSE, 0, 0, 0);
        } else {
            return false;
        }
        written++;
        return true;
    }
}
