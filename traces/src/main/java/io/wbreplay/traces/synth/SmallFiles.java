package io.wbreplay.traces.synth;

import io.wbreplay.traces.Operation;

/**
 * {@code small-files}: creates files f0, f1, ... one after another, each opened, written in blocks to its
 * size and closed; once more than {@code liveFiles} exist the oldest is unlinked, as a mail spool or a
 * build tree churns. Files left at the end stay.
 */
final class SmallFiles extends SyntheticTrace {
    private final long files;
    private final long blocksPerFile;
    private final long lastBlockBytes;
    private long file;
    private long block = -1; // -1: open next; blocksPerFile: close
    private long oldest;

    SmallFiles(SynthOptions o) {
        super(o);
        files = o.files(1000);
        long size = o.fileSize(16L << 10);
        blocksPerFile = (size + o.blockSize - 1) / o.blockSize;
        lastBlockBytes = size - (blocksPerFile - 1) * o.blockSize;
    }

    @Override
    boolean step() {
        if (file == files) {
            return false;
        }
        int id = Math.toIntExact(file);
        if (block == -1) {
            emit(PID, Operation.OPEN, id, 0, 0);
        } else if (block < blocksPerFile) {
            long bytes = block == blocksPerFile - 1 ? lastBlockBytes : options.blockSize;
            emit(PID, Operation.WRITE, id, block * options.blockSize, bytes);
        } else {
            emit(PID, Operation.CLOSE, id, 0, 0);
            if (file - oldest + 1 > options.liveFiles) {
                emit(PID, Operation.UNLINK, Math.toIntExact(oldest++), 0, 0);
            }
            file++;
            block = -1;
            return true;
        }
        block++;
        return true;
    }
}
