package io.wbreplay.traces.synth;

/**
 * {@code rand-write} and {@code mixed}: one task does block-sized reads and writes at uniformly random
 * block-aligned offsets of f0 (a read with probability {@code readFraction}), then fsyncs and closes.
 * {@code mmap-dirty} is the same with 4 KiB page writes to a large file: random dirtying through a
 * shared mapping, msync as fsync.
 */
final class RandomWriter extends SingleFileIo {
    private final long fileSize;

    private RandomWriter(SynthOptions o, long fileSize, long blockSize, double readFraction) {
        super(o, blockSize, readFraction);
        this.fileSize = fileSize;
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
    long nextOffset() {
        return randomBlock(fileSize, blockSize());
    }
}
