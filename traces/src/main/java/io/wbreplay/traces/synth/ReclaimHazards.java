package io.wbreplay.traces.synth;

import io.wbreplay.traces.Operation;
import java.util.Arrays;

/**
 * {@code reclaim-hazards}: several writers dirty a set of files while a reaper task (pid 2000)
 * truncates them and unlinks them while they are still open and dirty, and their owners close them,
 * so that pages under writeback lose their mapping and final iputs can fall into reclaim when memory
 * is short (replay it with a memory-hog schedule). Per step: 79 % write (half appends, half overwrite
 * a random block), 8 % truncate to a random smaller size, 4 % unlink (a replacement file is created;
 * writers keep writing the unlinked one 1 to 16 more times, then its owner closes it: its final
 * close), 8 % close and reopen by the owner, 1 % fsync. fsync is rare so that dirty pages, not the
 * writers' own syncs, fill memory and reclaim (direct reclaim too) meets them. Each file is opened,
 * closed and reopened only by the writer that opened it, so no stream closes what it did not open.
 * {@code count} is the number of steps.
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
    /** The writer that opened each open file: it alone closes and reopens it, so a stream never closes what it did not open. */
    private int[] owner = new int[16];
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
            if (roll < 79 || writesLeft[k] > 0) {
                long offset = random.nextBoolean() || size[file] == 0
                        ? size[file] : random.nextLong(Math.max(1, size[file] / blockSize)) * blockSize;
                emit(writer(), Operation.WRITE, file, offset, blockSize);
                size[file] = Math.max(size[file], offset + blockSize);
                if (writesLeft[k] > 0 && --writesLeft[k] == 0) {
                    emit(owner[k], Operation.CLOSE, file, 0, 0); // the final close of an unlinked file
                    remove(k);
                }
            } else if (roll < 87) {
                long to = random.nextLong(size[file] / blockSize + 1) * blockSize;
                emit(REAPER, Operation.TRUNCATE, file, to, 0);
                size[file] = to;
            } else if (roll < 91) {
                emit(REAPER, Operation.UNLINK, file, 0, 0);
                writesLeft[k] = 1 + random.nextInt(16);
                create(writer()); // the replacement, opened by a writer
            } else if (roll < 99) {
                emit(owner[k], Operation.CLOSE, file, 0, 0);
                emit(owner[k], Operation.OPEN, file, 0, 0);
            } else {
                emit(writer(), Operation.FSYNC, file, 0, 0);
            }
        } else if (step == steps) {
            for (int i = 0; i < nopen; i++) {
                emit(owner[i], Operation.CLOSE, open[i], 0, 0);
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
            owner = Arrays.copyOf(owner, nopen * 2);
        }
        if (file == size.length) {
            size = Arrays.copyOf(size, file * 2);
        }
        open[nopen] = file;
        owner[nopen] = pid;
        writesLeft[nopen++] = 0;
        emit(pid, Operation.OPEN, file, 0, 0);
    }

    private void remove(int k) {
        nopen--;
        open[k] = open[nopen];
        writesLeft[k] = writesLeft[nopen];
        owner[k] = owner[nopen];
    }
}
