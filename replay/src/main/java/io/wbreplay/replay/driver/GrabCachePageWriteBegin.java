package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
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
    /** The order of the folio being allocated (kept while the task sleeps in direct reclaim). */
    private int order;

    GrabCachePageWriteBegin(Kernel k, Task task, PageAllocator allocator) {
        this.k = k;
        this.task = task;
        this.allocator = allocator;
    }

    /**
     * The page at {@code index} of {@code inode}, locked (allocated with GFP_NOFS if {@code noFs}), for a
     * write that goes on to page {@code lastIndex}; {@link #RETRY} if it changed while the task slept;
     * {@link Pages#NIL} if the task now sleeps (call again when it runs).
     */
    int grab(Inode inode, long index, long lastIndex, boolean noFs) {
        if (allocator.inDirectReclaim() || allocated != Pages.NIL) {
            // the task slept inside the allocation (in reclaim, or for its compaction's CPU time, the folio
            // held): __filemap_get_folio() finishes filemap_alloc_folio() before filemap_add_folio() finds
            // the index taken (-EEXIST) and looks again; looking first would leave this task's reclaim
            // holding page locks (range-writepages' clean list) it may wait on
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
        order = k.compaction != null && !noFs ? folioOrder(inode, index, lastIndex) : 0;
        return allocateAndAdd(inode, index, noFs);
    }

    /** mapping_max_folio_order() of an ext4 file (6.16+): MAX_PAGECACHE_ORDER, PMD order on x86-64. */
    static final int MAX_PAGECACHE_ORDER = 9;

    /**
     * The folio order __filemap_get_folio() tries first for a write from {@code index} to {@code last}:
     * generic_perform_write() writes at most to the end of the aligned mapping_max_folio_size() chunk,
     * fgf_set_order() takes the log2 of that length, an index not aligned to it lowers it to the
     * index's alignment (__ffs(index)), and an order whose range holds a page already cached fails
     * (filemap_add_folio(): -EEXIST) for the next smaller one.
     */
    static int folioOrder(Inode inode, long index, long last) {
        long chunk = 1L << MAX_PAGECACHE_ORDER;
        long pages = Math.min(chunk - (index & (chunk - 1)), last - index + 1);
        int order = 63 - Long.numberOfLeadingZeros(pages);
        if (index != 0) {
            order = Math.min(order, Long.numberOfTrailingZeros(index));
        }
        while (order > 0 && anyCached(inode, index, 1L << order)) {
            order--;
        }
        return order;
    }

    private static boolean anyCached(Inode inode, long index, long n) {
        for (long i = 0; i < n; i++) {
            if (inode.mapping.find(index + i) >= 0) {
                return true;
            }
        }
        return false;
    }

    private int allocateAndAdd(Inode inode, long index, boolean noFs) {
        if (allocated == Pages.NIL) {
            allocator.setNoFs(noFs);
            allocator.setGfpWrite(true); // FGP_WRITEBEGIN
            while (true) {
                allocated = allocator.allocFolio(order);
                if (allocated != PageAllocator.NOPAGE) {
                    break;
                }
                k.vmstat.inc(VmItem.FOLIO_ORDER_FALLBACK); // __GFP_NORETRY failed: the next smaller folio
                order--;
            }
            allocator.setGfpWrite(false);
            allocator.setNoFs(false);
            if (allocated == Pages.NIL) {
                return Pages.NIL;
            }
            long compactionNs = allocator.takeCompactionNs();
            if (compactionNs > 0) { // direct compaction ran in this task's context: its CPU time, holding the folio
                task.sleepFor(compactionNs, null);
                return Pages.NIL;
            }
            if (anyCached(inode, index, 1L << order)) { // someone added a page while we reclaimed
                for (int i = 0; i < 1 << order; i++) {
                    k.cache.putPage(allocated + i);
                }
                allocated = Pages.NIL;
                return RETRY;
            }
        }
        int page = allocated;
        allocated = Pages.NIL;
        k.cache.addToPageCacheLru(page, inode, index);
        k.hazards.locked(task, page); // add_to_page_cache_lru() locked it for this task
        k.pages.set(page, Pages.PG_uptodate);
        for (int i = 1; i < 1 << order; i++) { // the folio's other pages, which this write fills next
            k.cache.addToPageCacheLru(page + i, inode, index + i);
            k.pages.set(page + i, Pages.PG_uptodate);
            k.cache.unlockPage(page + i);
        }
        return page;
    }
}
