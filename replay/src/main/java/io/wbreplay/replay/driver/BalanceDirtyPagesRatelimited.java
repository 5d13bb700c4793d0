package io.wbreplay.replay.driver;

import io.wbreplay.replay.writeback.DirtyThrottle;

/**
 * balance_dirty_pages_ratelimited() (mm/page-writeback.c) as a buffered write calls it: count each page
 * the task dirties, and once the task's ratelimit is used up run balance_dirty_pages() before the next
 * page, resuming it after every sleep.
 */
final class BalanceDirtyPagesRatelimited {
    private final DirtyThrottle throttle;
    private boolean pending;

    BalanceDirtyPagesRatelimited(DirtyThrottle throttle) {
        this.throttle = throttle;
    }

    /** The task dirtied a page. */
    void dirtied() {
        throttle.dirtied();
    }

    /** After a page or a chunk of pages: is balance_dirty_pages() due before the next? */
    void check() {
        if (throttle.due()) {
            pending = true;
        }
    }

    /** Runs a due balance_dirty_pages(); false when the task sleeps in it (call again when it runs). */
    boolean settle() {
        if (pending) {
            if (!throttle.step()) {
                return false;
            }
            pending = false;
        }
        return true;
    }
}
