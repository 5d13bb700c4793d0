package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.WaitQueue;

/**
 * mm/filemap.c page_waitqueue(): tasks waiting for a page to be unlocked or to finish writeback sleep
 * on one of a fixed table of queues hashed by page id (no queue per page). A woken task rechecks the
 * page, so a neighbour's wake-up only costs a recheck.
 */
public final class PageWaitTable {
    private static final int BITS = 12;
    private final WaitQueue[] queues = new WaitQueue[1 << BITS];

    public PageWaitTable() {
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new WaitQueue("page_waitqueue", i);
        }
    }

    public WaitQueue queue(int page) {
        return queues[(page * 0x9E3779B1) >>> (32 - BITS)];
    }

    /** wake_up_page(). */
    public void wake(int page) {
        WaitQueue q = queue(page);
        if (!q.isEmpty()) {
            q.wakeAll();
        }
    }
}
