package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.MpageBio;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.PageAllocator;

/**
 * do_generic_file_read() (mm/filemap.c): cached pages cost nothing; each run of missing pages, contiguous
 * on disk, is allocated, added to the page cache and read by one synchronous bio, which the task waits
 * for. Resumable: {@link #step()} goes on where the task slept.
 */
final class GenericFileRead extends FilePageRange {
    private final Kernel k;
    private final Task task;
    private final PageAllocator allocator;
    private int allocated = Pages.NIL;
    private final MpageBio readBio;
    /** Waiting for this page to be read (unlocked), or {@link Pages#NIL}. */
    private int waitPage = Pages.NIL;
    private boolean waiting;

    GenericFileRead(Kernel k, Task task, PageAllocator allocator) {
        this.k = k;
        this.task = task;
        this.allocator = allocator;
        this.readBio = new MpageBio(k, task);
    }

    @Override
    boolean step() {
        while (true) {
            if (waiting) {
                if (waitPage != Pages.NIL && k.pages.test(waitPage, Pages.PG_locked) && k.pages.mapping(waitPage) == inode.ino) {
                    task.sleepOn(k.cache.waits.queue(waitPage), StallCause.SYNC_IO);
                    return false;
                }
                waitPage = Pages.NIL;
                waiting = false;
            }
            if (!readBio.isEmpty() && (idx > last || inode.mapping.find(idx) >= 0 || readBio.full()
                    || readBio.needsSubmit(inode.blocks.sector(idx)))) {
                waitPage = readBio.lastPage();
                waiting = true;
                if (!readBio.submit()) {
                    return false;
                }
                continue;
            }
            if (idx > last) {
                return true;
            }
            int page = inode.mapping.find(idx);
            if (page >= 0) {
                if (k.pages.test(page, Pages.PG_locked) && !k.pages.test(page, Pages.PG_uptodate)) {
                    waitPage = page;
                    waiting = true;
                    continue;
                }
                k.cache.markPageAccessed(page);
                idx++;
                continue;
            }
            if (allocated == Pages.NIL) {
                allocated = allocator.alloc();
                if (allocated == Pages.NIL) {
                    return false;
                }
                if (inode.mapping.find(idx) >= 0) {
                    k.cache.putPage(allocated);
                    allocated = Pages.NIL;
                    continue;
                }
            }
            page = allocated;
            allocated = Pages.NIL;
            k.cache.addToPageCacheLru(page, inode, idx);
            readBio.addRead(page, inode.blocks.sector(idx));
            idx++;
        }
    }
}
