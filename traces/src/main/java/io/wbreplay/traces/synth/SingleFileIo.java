package io.wbreplay.traces.synth;

import io.wbreplay.traces.Operation;

/**
 * One task doing block-sized reads and writes on f0 (a read with probability {@code readFraction}), an
 * fsync every {@code --fsync-every} operations if asked, then fsync and close. Subclasses choose where
 * each I/O goes.
 */
abstract class SingleFileIo extends SyntheticTrace {
    private final long ops;
    private final long blockSize;
    private final double readFraction;
    private long done = -1;

    SingleFileIo(SynthOptions o, long blockSize, double readFraction) {
        super(o);
        this.ops = o.count(16384);
        this.blockSize = blockSize;
        this.readFraction = readFraction;
    }

    /** The size of every read and write. */
    final long blockSize() {
        return blockSize;
    }

    /** The byte offset of the next read or write (drawn after the read-or-write choice). */
    abstract long nextOffset();

    @Override
    final boolean step() {
        if (done == -1) {
            emit(PID, Operation.OPEN, 0, 0, 0);
        } else if (done < ops) {
            Operation op = readFraction > 0 && random.nextDouble() < readFraction ? Operation.READ : Operation.WRITE;
            emit(PID, op, 0, nextOffset(), blockSize);
            if (options.fsyncEvery > 0 && (done + 1) % options.fsyncEvery == 0 && done + 1 < ops) {
                emit(PID, Operation.FSYNC, 0, 0, 0);
            }
        } else if (done == ops) {
            emit(PID, Operation.FSYNC, 0, 0, 0);
            emit(PID, Operation.CLOSE, 0, 0, 0);
        } else {
            return false;
        }
        done++;
        return true;
    }
}
