package io.wbreplay.replay.vmscan;

/** mm/vmscan.c pageout()'s answer, as shrink_page_list() acts on it. */
public enum PageoutResult {
    /** Leave the page on the inactive list, unlocked (keep_locked). */
    KEEP,
    /** Move it to the active list (activate_locked). */
    ACTIVATE,
    /** I/O was started; the page was unlocked by ->writepage. */
    SUCCESS,
    /** The page turned out clean: free it if it can be. */
    CLEAN,
    /**
     * The page stays locked and isolated until the end of the batch, when {@link Pageout#finishBatch}
     * writes the deferred pages together (and unlocks them); reclaim then puts them back.
     */
    DEFER,
    /** The task sleeps (a page lock, a full queue) half-way: {@link Pageout#resume} continues. */
    SLEEP
}
