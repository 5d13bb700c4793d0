package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Pages;

/**
 * generic_perform_write() (mm/filemap.c): a buffered write one page at a time -- find or allocate the
 * page and lock it, copy (the model keeps no data), dirty it, unlock it, then
 * balance_dirty_pages_ratelimited(). Resumable: {@link #step()} goes on where the task slept.
 */
final class GenericPerformWrite extends FilePageRange {
    private final Kernel k;
    private final GrabCachePageWriteBegin writeBegin;
    private final BalanceDirtyPagesRatelimited ratelimit;

    GenericPerformWrite(Kernel k, GrabCachePageWriteBegin writeBegin, BalanceDirtyPagesRatelimited ratelimit) {
        this.k = k;
        this.writeBegin = writeBegin;
        this.ratelimit = ratelimit;
    }

    @Override
    boolean step() {
        while (idx <= last) {
            if (!ratelimit.settle()) {
                return false;
            }
            int page = writeBegin.grab(inode, idx, false);
            if (page == GrabCachePageWriteBegin.RETRY) {
                continue;
            }
            if (page == Pages.NIL) {
                return false;
            }
            if (k.config.kernel.writeMarksAccessed) { // generic_perform_write(), until 4.7
                k.cache.markPageAccessed(page);
            }
            if (k.cache.setPageDirty(page, k.loop.now())) {
                ratelimit.dirtied();
            }
            k.cache.unlockPage(page);
            idx++;
            ratelimit.check();
        }
        return ratelimit.settle();
    }
}
