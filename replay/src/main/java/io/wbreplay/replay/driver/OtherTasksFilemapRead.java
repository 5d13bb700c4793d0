package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.PageAllocator;

/**
 * mm/filemap.c filemap_fault() by one of the machine's other tasks: a major fault on a page of their
 * files that reclaim evicted, read back with the evicted pages around it (handed out by
 * {@link OtherTasksPump} as a window, in the order they were evicted). With a window of more than one
 * page, do_sync_mmap_readahead()'s read-around: page_cache_ra_unbounded() allocates the window's pages
 * in order with readahead_gfp_mask(), __GFP_NORETRY since 3.0 ({@link io.wbreplay.replay.KernelEra#readaheadNoRetry()}),
 * and stops at the first allocation that fails (one direct reclaim that did not get the page); then
 * filemap_fault() allocates the faulting page, in the
 * middle of the window (ra->start = pgoff - ra_pages / 2), itself if the read-around stopped before it,
 * retrying as any allocation. A window of one page is that page alone (no read-around). Each page is
 * allocated as this task's (its direct reclaims and throttles count as the other tasks', OTHER_*),
 * added by filemap_add_folio() with its shadow entry (workingset_refault() decides active or inactive)
 * and is up to date at once: the other files are on another disk (the recordings' /dev/vda), so the read
 * takes no time on the modelled device. pgpgin counts its 4 KiB.
 */
final class OtherTasksFilemapRead extends Task {
    private final Kernel k;
    private final Inode inode;
    private final PageAllocator allocator;
    private final OtherTasksPump pump;
    private long[] window = new long[1];
    /** Pages in the window being read; 0 while idle. */
    private int size;
    /** The next window position to allocate. */
    private int pos;
    /** The faulting page's position in the window. */
    private int demand;
    /** Where the read-around stopped (its allocation failed), or -1 while it goes on. */
    private int cut = -1;

    OtherTasksFilemapRead(Machine m, OtherTasksPump pump, Inode inode, int pid) {
        super(m.kernel.loop, "other", pid);
        this.k = m.kernel;
        this.inode = inode;
        this.pump = pump;
        this.allocator = m.pageAllocator(this);
        allocator.setOtherTask(true);
        allocator.setStallSink((cause, start, end) -> k.vmstat.add(VmItem.OTHER_DIRECT_RECLAIM_STALL_NS, end - start));
    }

    /** Starts reading back the {@code n} evicted indices of {@code indices}; the task must be idle. */
    void read(long[] indices, int n) {
        if (window.length < n) {
            window = new long[n];
        }
        System.arraycopy(indices, 0, window, 0, n);
        size = n;
        pos = 0;
        demand = n / 2;
        cut = n > 1 ? -1 : 0; // one page: filemap_fault()'s own allocation, no read-around
        start();
    }

    @Override
    protected void run(long nowNs) {
        if (size == 0) {
            return;
        }
        allocator.setNoRetry(cut < 0 && k.config.kernel.readaheadNoRetry());
        while (cut < 0 && pos < size) {
            int page = allocator.alloc();
            if (page == Pages.NIL) {
                return; // asleep in direct reclaim: run() again when woken
            }
            if (page == PageAllocator.NOPAGE) {
                cut = pos;
                allocator.setNoRetry(false);
                break;
            }
            add(page, window[pos++]);
        }
        if (cut >= 0 && demand >= cut && pos <= demand) {
            pos = demand;
            int page = allocator.alloc();
            if (page == Pages.NIL) {
                return; // asleep in direct reclaim or waiting for memory
            }
            add(page, window[demand]);
        }
        if (cut >= 0) { // the pages the read-around did not get stay evicted, oldest first again
            for (int i = size - 1; i >= cut; i--) {
                if (i != demand) {
                    inode.mapping.shadows.unpoll(window[i]);
                }
            }
        }
        size = 0;
        pump.idle(this);
    }

    private void add(int page, long index) {
        k.cache.filemapAddFolio(page, inode, index);
        k.pages.set(page, Pages.PG_uptodate);
        k.cache.unlockPage(page);
        k.vmstat.add(VmItem.PGPGIN, Zone.PAGE_SIZE / 1024);
    }
}
