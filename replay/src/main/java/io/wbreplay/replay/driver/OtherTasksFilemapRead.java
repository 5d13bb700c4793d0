package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.PageAllocator;

/**
 * mm/filemap.c filemap_read() / filemap_fault() by one of the machine's other tasks, reading back one
 * page of their files that reclaim evicted (handed out by {@link OtherTasksPump}). The page is allocated
 * through the page allocator as this task's (its direct reclaims and throttles count as the other
 * tasks', OTHER_*), added by filemap_add_folio() with its shadow entry (workingset_refault() decides
 * active or inactive) and is up to date at once: the other files are on another disk (the recordings'
 * /dev/vda), so the read takes no time on the modelled device. pgpgin counts its 4 KiB.
 */
final class OtherTasksFilemapRead extends Task {
    private final Kernel k;
    private final Inode inode;
    private final PageAllocator allocator;
    private final OtherTasksPump pump;
    /** The index being read back, or -1 while idle. */
    private long reading = -1;

    OtherTasksFilemapRead(Machine m, OtherTasksPump pump, Inode inode, int pid) {
        super(m.kernel.loop, "other", pid);
        this.k = m.kernel;
        this.inode = inode;
        this.pump = pump;
        this.allocator = m.pageAllocator(this);
        allocator.setOtherTask(true);
        allocator.setStallSink((cause, start, end) -> k.vmstat.add(VmItem.OTHER_DIRECT_RECLAIM_STALL_NS, end - start));
    }

    /** Starts reading back {@code index}; the task must be idle. */
    void read(long index) {
        reading = index;
        start();
    }

    @Override
    protected void run(long nowNs) {
        if (reading < 0) {
            return;
        }
        int page = allocator.alloc();
        if (page == Pages.NIL) {
            return; // asleep in direct reclaim or waiting for memory: run() again when woken
        }
        k.cache.filemapAddFolio(page, inode, reading);
        k.pages.set(page, Pages.PG_uptodate);
        k.cache.unlockPage(page);
        k.vmstat.add(VmItem.PGPGIN, Zone.PAGE_SIZE / 1024);
        reading = -1;
        pump.idle(this);
    }
}
