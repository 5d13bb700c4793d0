package io.wbreplay.replay.writeback;

import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.WaitQueue;

/**
 * fs/fs-writeback.c struct wb_writeback_work: one job for the flusher (sync, background, kupdate,
 * or a strategy's own kind such as a pageout work), or a writer's own writeback_inodes_wb() pass.
 */
public class WbWork {
    /** Pages still to write. */
    public long nrPages;
    public SyncMode syncMode = SyncMode.WB_SYNC_NONE;
    public boolean forKupdate;
    public boolean forBackground;
    public boolean rangeCyclic = true;
    /** One pass over b_io, no looping (writeback_inodes_wb() as called by balance_dirty_pages < 3.2). */
    public boolean singlePass;
    public IoOrigin origin = IoOrigin.FLUSHER_BACKGROUND;
    /** Woken when the work is done (wb_completion), for works someone waits on. */
    public final WaitQueue done = new WaitQueue("wb_work_done");
    public boolean finished;

    /** Back to a fresh background-style work (used for the flusher's preallocated works). */
    public WbWork reset() {
        nrPages = 0;
        syncMode = SyncMode.WB_SYNC_NONE;
        forKupdate = false;
        forBackground = false;
        rangeCyclic = true;
        singlePass = false;
        origin = IoOrigin.FLUSHER_BACKGROUND;
        finished = false;
        return this;
    }

    /**
     * Starts the work in the flusher's context: wb_writeback() over the dirty inodes. A work of another
     * kind (a strategy's pageout work) overrides this and {@link #step}.
     */
    public void begin(BdiWriteback flusher) {
        flusher.writeback().start(this);
    }

    /** Runs the work on; true when it is finished, false when the flusher was put to sleep. */
    public boolean step(BdiWriteback flusher) {
        return flusher.writeback().step();
    }
}
