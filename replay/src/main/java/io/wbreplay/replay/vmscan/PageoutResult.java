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
    CLEAN
}
