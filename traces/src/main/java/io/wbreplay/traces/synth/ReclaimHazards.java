package io.wbreplay.traces.synth;

import io.wbreplay.traces.Operation;
import java.util.Arrays;

/**
 * {@code reclaim-hazards}: several writers dirty a set of files while a reaper task (pid 2000)
 * truncates them, unlinks them while they are still open and dirty, and writers close them, so that
 * pages under writeback lose their mapping and final iputs can fall into reclaim when memory is short
 * (replay it with a memory-hog schedule). Per step: 70 % write (half appends, half overwrite a random
 * block), 8 % truncate to a random smaller size, 4 % unlink (a replacement file is created; writers
 * keep writing the unlinked one a few times, then close it: its final close), 8 % close and reopen,
 * 10 % fsync. {@code count} is the number of steps.
 */
final class ReclaimHazards extends SyntheticTrace {
    static final int REAPER = 2000;

    private final long steps;
    private final long blockSize;
    private long step = -1;
    private int nextFile;
    /** Open files (ids), and how many more writes an unlinked one gets before its final close (0: linked). */
    private int[] open = new int[16];
    private int[] writesLeft = new int[16];
    private int nopen;
    private long[] size = new long[16];

    ReclaimHazards(SynthOptions o) {
        super(o);
        steps = o.count(16384);
        blockSize = o.blockSize;
    }

    @Override
    boolean step() {
        if (step == -1) {
            long files = options.files(8);
            for (long i = 0; i < files; i++) {
                create(writer());
            }
        } else if (step < steps) {
            int k = random.nextInt(nopen);
            int file = open[k];
            int roll = random.nextInt(100);
            if (roll < 70 || writesLeft[k] > 0) {
                long offset = random.nextBoolean() || size[file] == 0
                        ? size[file] : random.nextLong(Math.max(1, size[file] / blockSize)) * blockSize;
                emit(writer(), Operation.WRITE, file, offset, blockSize);
                size[file] = Math.max(size[file], offset + blockSize);
                if (writesLeft[k] > 0 && --writesLeft[k] == 0) {
                    emit(writer(), Operation.CLOSE, file, 0, 0); // the final close of an unlinked file
                    remove(k);
                }
            } else if (roll < 78) {
                long to = random.nextLong(size[file] / blockSize + 1) * blockSize;
                emit(REAPER, Operation.TRUNCATE, file, to, 0);
                size[file] = to;
            } else if (roll < 82) {
                emit(REAPER, Operation.UNLINK, file, 0, 0);
                writesLeft[k] = 1 + random.nextInt(4);
                create(REAPER);
            } else if (roll < 90) {
                int pid = writer();
                emit(pid, Operation.CLOSE, file, 0, 0);
                emit(pid, Operation.OPEN, file, 0, 0);
            } else {
                emit(writer(), Operation.FSYNC, file, 0, 0);
            }
        } else if (step == steps) {
            for (int i = 0; i < nopen; i++) {
                emit(writer(), Operation.CLOSE, open[i], 0, 0);
            }
        } else {
            return false;
        }
        step++;
        return true;
    }

    private int writer() {
        return PID + random.nextInt(options.streams);
    }

    private void create(int pid) {
        int file = nextFile++;
        if (nopen == open.length) {
            open = Arrays.copyOf(open, nopen * 2);
            writesLeft = Arrays.copyOf(writesLeft, nopen * 2);
        }
        if (file == size.length) {
            size = Arrays.copyOf(size, file * 2);
        }
        open[nopen] = file;
        writesLeft[nopen++] = 0;
        emit(pid, Operation.OPEN, file, 0, 0);
    }

    private void remove(int k) {
        nopen--;
        open[k] = open[nopen];
        writesLeft[k] = writesLeft[nopen];
    }
}
