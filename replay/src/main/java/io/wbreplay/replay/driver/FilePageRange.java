package io.wbreplay.replay.driver;

import io.wbreplay.replay.mm.Inode;

/**
 * The pages {@code first..last} of one file that a read or write system call walks, page by page,
 * resumable: {@link #step()} goes on where the task slept.
 */
abstract class FilePageRange {
    protected Inode inode;
    protected long idx;
    protected long last;

    /** Walks pages {@code first..last} of {@code inode}. */
    final void start(Inode inode, long first, long last) {
        this.inode = inode;
        this.idx = first;
        this.last = last;
    }

    /** False when the task sleeps (call again when it runs); true when the range is done. */
    abstract boolean step();
}
