package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.Task;

/**
 * mm/filemap.c find_lock_page() for the next page of a run of dirty pages, as btrfs
 * lock_delalloc_pages() and the write-around/delalloc extensions of reclaim use it: look the page up,
 * stop at a hole, a clean page or one under writeback, lock_page() it (which may sleep), and check again
 * once locked, since while the task slept the page may have been truncated, cleaned or written. One
 * instance per task; it remembers the page it slept for, so the next call with the same index ends the
 * run if that page went away meanwhile.
 */
public final class FindLockPage {
    /** The run of dirty pages ends before the index. */
    public static final int END = -1;
    /** The task sleeps for the page's lock: call again with the same index when it runs. */
    public static final int ASLEEP = -2;

    private final PageCache cache;
    private final Pages pages;
    private final Task task;
    private int waitPage = Pages.NIL;

    public FindLockPage(PageCache cache, Pages pages, Task task) {
        this.cache = cache;
        this.pages = pages;
        this.task = task;
    }

    /** Forgets the page slept for (a new run starts). */
    public void reset() {
        waitPage = Pages.NIL;
    }

    /**
     * The dirty page at {@code index} of {@code inode}, locked by the task: its id, or {@link #END}, or
     * {@link #ASLEEP}.
     */
    public int lockDirty(Inode inode, long index) {
        int p = inode.mapping.find(index);
        if (waitPage != Pages.NIL && p != waitPage) {
            waitPage = Pages.NIL;
            return END; // the page slept for went away: the run ends before it
        }
        if (p < 0 || !pages.test(p, Pages.PG_dirty) || pages.test(p, Pages.PG_writeback)) {
            waitPage = Pages.NIL;
            return END;
        }
        if (!cache.lockPage(task, p)) {
            waitPage = p;
            return ASLEEP;
        }
        waitPage = Pages.NIL;
        return stillDirty(inode, p);
    }

    /** As {@link #lockDirty} with trylock_page(): never sleeps; {@link #END} where the page is locked by someone. */
    public int trylockDirty(Inode inode, long index) {
        int p = inode.mapping.find(index);
        if (p < 0 || !pages.test(p, Pages.PG_dirty) || pages.test(p, Pages.PG_writeback) || !cache.trylockPage(task, p)) {
            return END;
        }
        return stillDirty(inode, p);
    }

    /** The locked page {@code p} if it is still a dirty page of {@code inode} not under writeback; else unlocked, END. */
    private int stillDirty(Inode inode, int p) {
        if (pages.mapping(p) != inode.ino || !pages.test(p, Pages.PG_dirty) || pages.test(p, Pages.PG_writeback)) {
            cache.unlockPage(p);
            return END;
        }
        return p;
    }
}
