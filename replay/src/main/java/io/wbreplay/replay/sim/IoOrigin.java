package io.wbreplay.replay.sim;

/** Who sent an I/O to the block layer: the origins that the dispatch log and metrics keep apart. */
public enum IoOrigin {
    FLUSHER_BACKGROUND("flusher-background"),
    FLUSHER_KUPDATE("flusher-kupdate"),
    FLUSHER_SYNC("flusher-sync"),
    /** A pageout work item executed by the flusher (the flusher-pageout strategy). */
    FLUSHER_PAGEOUT("flusher-pageout"),
    /** Page reclaim (kswapd or direct reclaim) writing dirty pages. */
    RECLAIM("reclaim"),
    /** A writer writing its own pages (pre-3.2 balance_dirty_pages, fsync, O_DIRECT). */
    WRITER("writer"),
    /** A read that missed the page cache. */
    READ("read");

    private final String label;

    IoOrigin(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
