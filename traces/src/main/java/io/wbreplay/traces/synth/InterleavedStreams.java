package io.wbreplay.traces.synth;

import io.wbreplay.traces.Operation;

/**
 * {@code streams}: N sequential writers (pid 1000 + i, file fi) whose writes interleave at random, as
 * several tasks appending to their own files at once do; each fsyncs and closes its file at the end.
 */
final class InterleavedStreams extends SyntheticTrace {
    private final int streams;
    private final long perFile;
    private final long[] next;
    private long remaining;
    private int phase; // 0 open, 1 write, 2 close, 3 over

    InterleavedStreams(SynthOptions o) {
        super(o);
        streams = o.streams;
        perFile = Math.max(1, o.fileSize(64L << 20) / o.blockSize);
        next = new long[streams];
        remaining = o.count(streams * perFile);
    }

    @Override
    boolean step() {
        switch (phase) {
            case 0 -> {
                for (int i = 0; i < streams; i++) {
                    emit(PID + i, Operation.OPEN, i, 0, 0);
                }
                phase = 1;
            }
            case 1 -> {
                if (remaining == 0) {
                    phase = 2;
                    return true;
                }
                int s = random.nextInt(streams);
                emit(PID + s, Operation.WRITE, s, next[s] * options.blockSize, options.blockSize);
                next[s] = (next[s] + 1) % perFile; // a full file wraps to its start
                remaining--;
            }
            case 2 -> {
                for (int i = 0; i < streams; i++) {
                    emit(PID + i, Operation.FSYNC, i, 0, 0);
                    emit(PID + i, Operation.CLOSE, i, 0, 0);
                }
                phase = 3;
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
