package io.wbreplay.replay.sim;

/** Why a task could not run: the stall kinds that the metrics keep apart. */
public enum StallCause {
    /** balance_dirty_pages(): a dirty-throttling pause, or the writer writing its own pages. */
    THROTTLE("throttle"),
    /** An allocation below the min watermark reclaiming in the writer's own context. */
    DIRECT_RECLAIM("direct-reclaim"),
    /** lock_page() on a page another task holds. */
    PAGE_LOCK("page-lock"),
    /** wait_on_page_writeback(): truncate, sync or reclaim waiting for a page's I/O. */
    WRITEBACK_WAIT("writeback-wait"),
    /** get_request() with nr_requests exhausted: the queue is full. */
    QUEUE_FULL("queue-full"),
    /** A synchronous read that missed the page cache, or an fsync waiting for its I/O. */
    SYNC_IO("sync-io");

    private final String label;

    StallCause(String label) {
        this.label = label;
    }

    /** The name used in summaries and reports. */
    public String label() {
        return label;
    }
}
