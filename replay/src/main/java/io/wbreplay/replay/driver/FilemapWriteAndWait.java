package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.RadixTree;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.writeback.SyncMode;
import io.wbreplay.replay.writeback.WriteCachePages;
import io.wbreplay.replay.writeback.WritebackControl;

/**
 * filemap_write_and_wait_range() (mm/filemap.c) over a whole file, as fsync() starts: write every dirty
 * page (WB_SYNC_ALL, counted as written by the writer), then filemap_fdatawait() for every page under
 * writeback. Resumable: {@link #step()} goes on where the task slept.
 */
final class FilemapWriteAndWait {
    private final Kernel k;
    private final Task task;
    private final WriteCachePages writer;
    private final WritebackControl wbc = new WritebackControl();
    private Inode inode;
    private boolean writing;
    /** filemap_fdatawait(): the next page index to wait on. */
    private long waitIdx;

    FilemapWriteAndWait(Kernel k, Task task) {
        this.k = k;
        this.task = task;
        this.writer = new WriteCachePages(k, task);
    }

    void start(Inode inode) {
        this.inode = inode;
        wbc.reset();
        wbc.syncMode = SyncMode.WB_SYNC_ALL;
        wbc.nrToWrite = Long.MAX_VALUE;
        wbc.origin = IoOrigin.WRITER;
        writer.start(inode, wbc);
        writing = true;
    }

    /** False when the task sleeps (call again when it runs); true when the file is written and clean of writeback. */
    boolean step() {
        if (writing) {
            if (!writer.step()) {
                return false;
            }
            k.accountWritten(IoOrigin.WRITER, writer.written());
            waitIdx = 0;
            writing = false;
        }
        RadixTree t = inode.mapping.pages;
        long i = t.nextTagged(waitIdx, RadixTree.TAG_WRITEBACK);
        if (i >= 0) {
            waitIdx = i;
            task.sleepOn(k.cache.waits.queue(t.lookup(i)), StallCause.SYNC_IO);
            return false;
        }
        return true;
    }
}
