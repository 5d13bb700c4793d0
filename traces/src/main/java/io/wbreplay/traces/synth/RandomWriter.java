package io.wbreplay.traces.synth;

import io.wbreplay.traces.Operation;

/**
 * {@code rand-write} and {@code mixed}: one task does block-sized reads and writes at uniformly random
 * block-aligned offsets of f0 (a read with probability {@code readFraction}), then fsyncs and closes.
 * {@code mmap-dirty} is the same with 4 KiB page writes to a large file: random dirtying through a
 * shared mapping, msync as fsync.
 */
final class RandomWriter extends SyntheticTrace {
    private final long ops;
    private final long fileSize;
    private final long blockSize;
    private final double readFraction;
    private long done = -1;

    private RandomWriter(SynthOptions o, long fileSize, long blockSize, double readFraction) {
        super(o);
        this.ops = o.count(16384);
        this.fileSize = fileSize;
        this.blockSize = blockSize;
        this.readFraction = readFraction;
    }

    static RandomWriter randomWrite(SynthOptions o) {
        return new RandomWriter(o, o.fileSize(64L << 20), o.blockSize, 0);
    }

    static RandomWriter mixed(SynthOptions o) {
        return new RandomWriter(o, o.fileSize(64L << 20), o.blockSize, o.readFraction(0.3));
    }

    static RandomWriter mmapDirty(SynthOptions o) {
        return new RandomWriter(o, o.fileSize(1L << 30), 4096, 0);
    }

    @Override
    boolean step() {
        if (done == -1) {
            emit(PID, Operation.OPEN, 0, 0, 0);
        } else if (done < ops) {
            Operation op = readFraction > 0 && random.nextDouble() < readFraction ? Operation.READ : Operation.WRITE;
            emit(PID, op, 0, randomBlock(fileSize, blockSize), blockSize);
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
