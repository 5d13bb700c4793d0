package io.wbreplay.replay.writeback;

/**
 * What page reclaim may ask of the flusher, as include/linux/writeback.h declares it for mm/vmscan.c:
 * wakeup_flusher_threads(), a work of reclaim's own (the pageout work of flusher-pageout), and the write
 * bandwidth it sizes such work by. Reclaim reaches writeback only through this; writeback never calls
 * reclaim.
 */
public interface Flusher {
    /**
     * wakeup_flusher_threads(WB_REASON_VMSCAN): queue (or grow, if still queued) one work asking the
     * flusher to write {@code nrPages} more pages of any inode.
     */
    void wakeupFlusherThreads(long nrPages);

    /** bdi_queue_work(): appends a work and wakes the flusher. */
    void queueWork(WbWork work);

    /** The device's smoothed write bandwidth in pages per second (avg_write_bandwidth). */
    double writeBandwidth();
}
