package io.wbreplay.replay.vmscan;

/**
 * One reclaiming task's pageout(): called from shrink_page_list() with the page locked (by this task),
 * isolated from the LRU (reclaim holds a reference), dirty, not under writeback and not recently
 * referenced. Returns what reclaim does with the page next. A pageout that must sleep half-way (a
 * blocking lock_page(), a full request queue before it is done) returns {@link PageoutResult#SLEEP}
 * and is resumed with {@link #resume} when the task runs again; one that finished but left the task
 * asleep (its last bio waits for a request) returns its final answer.
 */
public interface Pageout {
    PageoutResult pageout(int page, ScanControl sc);

    /** Continues the pageout that returned SLEEP; the same answers as {@link #pageout}. */
    default PageoutResult resume(ScanControl sc) {
        throw new IllegalStateException("this pageout never sleeps half-way");
    }

    /**
     * At the end of a batch in which pages were deferred ({@link Reclaimer#deferred}): writes them and
     * unlocks every one; true when done, false when the task sleeps (called again when it runs).
     */
    default boolean finishBatch(ScanControl sc) {
        return true;
    }
}
