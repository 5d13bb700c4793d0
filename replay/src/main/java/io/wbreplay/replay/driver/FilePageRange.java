package io.wbreplay.replay.driver;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.sim.Task;

/**
 * The pages {@code first..last} of one file that a read or write system call walks, page by page,
 * resumable: {@link #step()} goes on where the task slept.
 */
abstract class FilePageRange {
    protected Inode inode;
    protected long idx;
    protected long last;
    /** The CPU time of the work at {@code idx} is spent ({@link #spendCpu}); cleared once that work is done. */
    protected boolean cpuSpent;

    /** Walks pages {@code first..last} of {@code inode}. */
    final void start(Inode inode, long first, long last) {
        this.inode = inode;
        this.idx = first;
        this.last = last;
        this.cpuSpent = false;
    }

    /**
     * The task spends {@code ns} of CPU time on the work at {@code idx} before it goes on: it is on a CPU,
     * not waiting, so no stall. False while it does (it sleeps; call again), true once spent or free.
     */
    final boolean spendCpu(Task task, long ns) {
        if (cpuSpent || ns <= 0) {
            return true;
        }
        cpuSpent = true;
        task.sleepFor(ns, null);
        return false;
    }

    /** False when the task sleeps (call again when it runs); true when the range is done. */
    abstract boolean step();
}
