package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.Task;
import java.util.Arrays;

/**
 * btrfs __btrfs_buffered_write() (fs/btrfs/file.c), in chunks of up to {@link #MAX_PREPARE_PAGES}:
 * prepare_pages() finds or allocates each page of the chunk and locks it, ascending, holding the
 * earlier ones locked (find_or_create_page() with GFP_NOFS: an allocation may enter direct reclaim with
 * them held, but that reclaim writes no dirty page, which would re-enter the filesystem); then the data
 * is copied (the chunk's pages cost the writer {@code --write-page-ns} of CPU time each, with them locked)
 * and btrfs_dirty_pages() dirties them all, they are unlocked together, and
 * balance_dirty_pages_ratelimited() runs. Simplification: prepare_pages()' wait_on_page_writeback() is
 * left out. Resumable: {@link #step()} goes on where the task slept, the chunk so far still locked.
 */
final class BtrfsBufferedWrite extends FilePageRange {
    /** btrfs: at most PAGE_SIZE / sizeof(struct page *) pages are prepared (locked) at once. */
    private static final int MAX_PREPARE_PAGES = Zone.PAGE_SIZE / 8;

    private final Kernel k;
    private final Task task;
    private final GrabCachePageWriteBegin writeBegin;
    private final BalanceDirtyPagesRatelimited ratelimit;
    /** prepare_pages(): the pages of the current chunk locked so far, ascending from {@code idx}. */
    private int[] prepared = new int[16];
    private int nPrepared;
    private long chunkEnd;

    BtrfsBufferedWrite(Kernel k, Task task, GrabCachePageWriteBegin writeBegin, BalanceDirtyPagesRatelimited ratelimit) {
        this.k = k;
        this.task = task;
        this.writeBegin = writeBegin;
        this.ratelimit = ratelimit;
    }

    @Override
    boolean step() {
        while (true) {
            if (!ratelimit.settle()) {
                return false;
            }
            if (nPrepared == 0) {
                if (idx > last) {
                    return true;
                }
                chunkEnd = Math.min(last, idx + MAX_PREPARE_PAGES - 1);
            }
            while (idx + nPrepared <= chunkEnd) {
                // btrfs_alloc_write_mask(): GFP_NOFS, so direct reclaim runs with prepared[] locked but may not write
                int page = writeBegin.grab(inode, idx + nPrepared, idx + nPrepared, true);
                if (page == GrabCachePageWriteBegin.RETRY) {
                    continue;
                }
                if (page == Pages.NIL) {
                    return false;
                }
                if (nPrepared == prepared.length) {
                    prepared = Arrays.copyOf(prepared, nPrepared * 2);
                }
                prepared[nPrepared++] = page;
            }
            if (!spendCpu(task, nPrepared * k.config.writePageNs)) { // btrfs_copy_from_user()
                return false;
            }
            long now = k.loop.now();
            for (int i = 0; i < nPrepared; i++) {
                int page = prepared[i];
                if (k.config.kernel.writeMarksAccessed) {
                    k.cache.markPageAccessed(page);
                }
                if (k.cache.setPageDirty(page, now)) {
                    ratelimit.dirtied();
                }
                k.cache.unlockPage(page);
            }
            idx = chunkEnd + 1;
            nPrepared = 0;
            cpuSpent = false;
            ratelimit.check();
        }
    }
}
