package io.wbreplay.replay.block;

import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.Operation;
import java.util.Arrays;

/**
 * include/linux/blk_types.h: struct bio, one I/O of disk-contiguous sectors built by the writeback
 * core, with the page-cache pages it carries (by page id) so their writeback can end on completion.
 */
public final class Bio {
    /** Start in 512-byte sectors. */
    public long sector;
    public int bytes;
    /** READ, WRITE, FLUSH or DISCARD. */
    public Operation op = Operation.WRITE;
    /** {@link io.wbreplay.traces.IoRecord} flag bits: SYNC, META, FUA, PREFLUSH. */
    public int flags;
    public IoOrigin origin = IoOrigin.WRITER;
    /** The task that submitted it (its pid goes in the dispatch log). */
    public Task submitter;
    /** Called once when the device completes the bio. */
    public BioEndIo endIo;
    /** Time the bio was queued (the Q event), set by the block layer. */
    public long queuedNs;

    private int[] pages = new int[16];
    private int nrPages;

    public long endSector() {
        return sector + (bytes >>> 9);
    }

    public void addPage(int pageId) {
        if (nrPages == pages.length) {
            pages = Arrays.copyOf(pages, nrPages * 2);
        }
        pages[nrPages++] = pageId;
    }

    public int nrPages() {
        return nrPages;
    }

    public int page(int i) {
        return pages[i];
    }

    @Override
    public String toString() {
        return op + " " + sector + "+" + (bytes >>> 9) + " " + origin;
    }
}
