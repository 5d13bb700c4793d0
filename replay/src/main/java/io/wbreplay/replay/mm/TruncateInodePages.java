package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.Task;

/**
 * mm/truncate.c truncate_inode_pages_range() from a byte offset to the end: a first pass that only
 * trylocks and skips pages locked or under writeback, then a second pass that lock_page()s and
 * wait_on_page_writeback()s every page left, removing each from the page cache. Resumable.
 */
public final class TruncateInodePages {
    private enum Phase { PASS1, FIND, LOCK, WAIT_WRITEBACK, DONE }

    private final PageCache cache;
    private final Task task;
    private Inode inode;
    private long start;
    private long index;
    private int page;
    private long removed;
    private Phase phase = Phase.DONE;

    public TruncateInodePages(PageCache cache, Task task) {
        this.cache = cache;
        this.task = task;
    }

    /** Pages removed by the last (or current) truncation. */
    public long removed() {
        return removed;
    }

    /** Starts removing every page of {@code inode} at or after byte {@code fromByte}. */
    public void start(Inode inode, long fromByte) {
        this.inode = inode;
        this.start = (fromByte + Zone.PAGE_SIZE - 1) >>> Zone.PAGE_SHIFT;
        this.removed = 0;
        this.phase = Phase.PASS1;
    }

    /** True when done; false when the task sleeps on a page lock or on writeback. */
    public boolean step() {
        RadixTree tree = inode.mapping.pages;
        Pages pages = cache.pages;
        while (true) {
            switch (phase) {
                case PASS1: {
                    for (long i = tree.nextPresent(start); i >= 0; i = tree.nextPresent(i + 1)) {
                        int p = tree.lookup(i);
                        if (!cache.trylockPage(p)) {
                            continue;
                        }
                        if (pages.test(p, Pages.PG_writeback)) {
                            cache.unlockPage(p);
                            continue;
                        }
                        truncateCompletePage(p);
                    }
                    index = start;
                    phase = Phase.FIND;
                    continue;
                }
                case FIND: {
                    long i = tree.nextPresent(index);
                    if (i < 0) {
                        phase = Phase.DONE;
                        return true;
                    }
                    index = i;
                    page = tree.lookup(i);
                    phase = Phase.LOCK;
                    continue;
                }
                case LOCK: {
                    if (tree.lookup(index) != page) {
                        phase = Phase.FIND;
                        continue;
                    }
                    if (!cache.lockPage(task, page)) {
                        return false;
                    }
                    if (pages.mapping(page) != inode.ino) {
                        cache.unlockPage(page);
                        phase = Phase.FIND;
                        continue;
                    }
                    phase = Phase.WAIT_WRITEBACK;
                    continue;
                }
                case WAIT_WRITEBACK: {
                    if (!cache.waitOnPageWriteback(task, page)) {
                        return false; // sleeps with the page locked, as truncate does
                    }
                    truncateCompletePage(page);
                    index++;
                    phase = Phase.FIND;
                    continue;
                }
                default:
                    return true;
            }
        }
    }

    /** truncate_complete_page(): cancel_dirty_page() then remove it from the page cache. */
    private void truncateCompletePage(int p) {
        cache.cancelDirty(p);
        cache.pages.clear(p, Pages.PG_reclaim);
        cache.deleteFromPageCache(p);
        removed++;
    }
}
