package io.wbreplay.replay.writeback;

import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.IoOrigin;

/** include/linux/writeback.h struct writeback_control: one request to write a mapping's pages. */
public final class WritebackControl {
    public SyncMode syncMode = SyncMode.WB_SYNC_NONE;
    /** Pages still to write; decremented per page written. */
    public long nrToWrite;
    /** Pages that could not be written (redirtied). */
    public long pagesSkipped;
    /** Byte range for non-cyclic writeback, inclusive. */
    public long rangeStart;
    public long rangeEnd = Long.MAX_VALUE;
    /** Start at mapping->writeback_index and wrap around. */
    public boolean rangeCyclic;
    public boolean forKupdate;
    public boolean forBackground;
    public boolean forReclaim;
    /** 3.2: tag the pages first (TOWRITE) so that pages dirtied meanwhile do not livelock the walk. */
    public boolean taggedWritepages;
    /** Who the I/O is attributed to. */
    public IoOrigin origin = IoOrigin.FLUSHER_BACKGROUND;

    /** Write pages {@code first} to {@code last} (inclusive) of the mapping and no more: byte range and nr_to_write. */
    public WritebackControl pageRange(long first, long last) {
        rangeStart = first << Zone.PAGE_SHIFT;
        rangeEnd = ((last + 1) << Zone.PAGE_SHIFT) - 1;
        nrToWrite = last - first + 1;
        return this;
    }

    /** Back to the defaults (the object is reused, not reallocated). */
    public WritebackControl reset() {
        syncMode = SyncMode.WB_SYNC_NONE;
        nrToWrite = 0;
        pagesSkipped = 0;
        rangeStart = 0;
        rangeEnd = Long.MAX_VALUE;
        rangeCyclic = false;
        forKupdate = false;
        forBackground = false;
        forReclaim = false;
        taggedWritepages = false;
        origin = IoOrigin.FLUSHER_BACKGROUND;
        return this;
    }
}
