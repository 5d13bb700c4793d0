package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.Task;

/**
 * generic_perform_write() (mm/filemap.c): a buffered write one page at a time -- find or allocate the
 * page and lock it, copy (the model keeps no data), dirty it, unlock it, then
 * balance_dirty_pages_ratelimited(). Each page costs the writer {@code --write-page-ns} of CPU time
 * first (the per-folio work: write_begin's allocation and delalloc reservation, copy_folio_from_iter_atomic(),
 * write_end): it is not a stall. Resumable: {@link #step()} goes on where the task slept.
 */
final class GenericPerformWrite extends FilePageRange {
    private final Kernel k;
    private final Task task;
    private final GrabCachePageWriteBegin writeBegin;
    private final BalanceDirtyPagesRatelimited ratelimit;

    GenericPerformWrite(Kernel k, Task task, GrabCachePageWriteBegin writeBegin, BalanceDirtyPagesRatelimited ratelimit) {
        this.k = k;
        this.task = task;
        this.writeBegin = writeBegin;
        this.ratelimit = ratelimit;
    }

    @Override
    boolean step() {
        while (idx <= last) {
            if (!ratelimit.settle()) {
                return false;
            }
            if (!spendCpu(task, k.config.writePageNs)) {
                return false;
            }
            int page = writeBegin.grab(inode, idx, last, false);
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
            cpuSpent = false;
            idx++;
            ratelimit.check();
        }
        return ratelimit.settle();
    }
}
