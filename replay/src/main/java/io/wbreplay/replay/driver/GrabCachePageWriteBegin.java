package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.PageAllocator;

/**
 * grab_cache_page_write_begin() (mm/filemap.c): the page a buffered write copies into, locked, found
 * in the file's page cache or allocated (entering reclaim if memory is short) and added.
 */
final class GrabCachePageWriteBegin {
    /** The page changed while the task slept (added or truncated meanwhile): look again. */
    static final int RETRY = -2;

    private final Kernel k;
    private final Task task;
    private final PageAllocator allocator;
    private int allocated = Pages.NIL;

    GrabCachePageWriteBegin(Kernel k, Task task, PageAllocator allocator) {
        this.k = k;
        this.task = task;
        this.allocator = allocator;
    }

    /**
     * The page at {@code index} of {@code inode}, locked (allocated with GFP_NOFS if {@code noFs});
     * {@link #RETRY} if it changed while the task slept; {@link Pages#NIL} if the task now sleeps
     * (call again when it runs).
     */
    int grab(Inode inode, long index, boolean noFs) {
        if (allocator.inDirectReclaim()) {
            // the task slept inside the allocation: __filemap_get_folio() finishes filemap_alloc_folio()
            // before filemap_add_folio() finds the index taken (-EEXIST) and looks again; looking first
            // would leave this task's reclaim holding page locks (range-writepages' clean list) it may wait on
            return allocateAndAdd(inode, index, noFs);
        }
        int page = inode.mapping.find(index);
        if (page >= 0) {
            if (!k.cache.lockPage(task, page)) {
                return Pages.NIL;
            }
            if (k.pages.mapping(page) != inode.ino) { // truncated while we waited
                k.cache.unlockPage(page);
                return RETRY;
            }
            return page;
        }
        return allocateAndAdd(inode, index, noFs);
    }

    private int allocateAndAdd(Inode inode, long index, boolean noFs) {
        if (allocated == Pages.NIL) {
            allocator.setNoFs(noFs);
            allocator.setGfpWrite(true); // FGP_WRITEBEGIN
            allocated = allocator.alloc();
            allocator.setGfpWrite(false);
            allocator.setNoFs(false);
            if (allocated == Pages.NIL) {
                return Pages.NIL;
            }
            if (inode.mapping.find(index) >= 0) { // someone added it while we reclaimed
                k.cache.putPage(allocated);
                allocated = Pages.NIL;
                return RETRY;
            }
        }
        int page = allocated;
        allocated = Pages.NIL;
        k.cache.addToPageCacheLru(page, inode, index);
        k.hazards.locked(task, page); // add_to_page_cache_lru() locked it for this task
        k.pages.set(page, Pages.PG_uptodate);
        return page;
    }
}
