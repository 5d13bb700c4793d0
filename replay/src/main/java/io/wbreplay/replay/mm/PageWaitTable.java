package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.WaitQueue;

/**
 * mm/filemap.c page_waitqueue(): tasks waiting for a page to be unlocked or to finish writeback sleep
 * on one of a fixed table of queues hashed by page id (no queue per page). A woken task rechecks the
 * page, so a neighbour's wake-up only costs a recheck.
 *
 * <p>Waking is far more frequent than waiting (every unlock and end of writeback wakes), so the table
 * keeps one bit per queue that may have sleepers, set when a queue is handed out to sleep on and
 * cleared when it is emptied: wake_up_page() on a page nobody waits for reads one word.
 */
public final class PageWaitTable {
    private static final int BITS = 12;
    private final WaitQueue[] queues = new WaitQueue[1 << BITS];
    private final long[] mayHaveSleepers = new long[(1 << BITS) / 64];

    public PageWaitTable() {
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new WaitQueue("page_waitqueue", i);
        }
    }

    private static int hash(int page) {
        return (page * 0x9E3779B1) >>> (32 - BITS);
    }

    /** The queue to sleep on for {@code page}. */
    public WaitQueue queue(int page) {
        int h = hash(page);
        mayHaveSleepers[h >>> 6] |= 1L << h;
        return queues[h];
    }

    /** wake_up_page(). */
    public void wake(int page) {
        int h = hash(page);
        if ((mayHaveSleepers[h >>> 6] & (1L << h)) == 0) {
            return;
        }
        WaitQueue q = queues[h];
        if (!q.isEmpty()) {
            q.wakeAll();
        }
        mayHaveSleepers[h >>> 6] &= ~(1L << h); // woken tasks sleep again only through queue()
    }
}
