package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.MpageBio;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.hazard.LockClass;
import io.wbreplay.replay.mm.FindLockPage;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import java.util.Arrays;

/**
 * The filesystem's ->writepage as page reclaim drives it (mm/vmscan.c pageout() into fs/mpage.c), for a
 * run of pages of one mapping that the task has locked, in ascending index. With
 * {@link io.wbreplay.replay.CoreConfig#fsDelallocAscending} the filesystem first locks the contiguous
 * dirty (delalloc) pages after the run in ascending order, blocking, and takes its extent lock, as
 * btrfs find_lock_delalloc_range() / lock_delalloc_pages() do. Then each page gets
 * clear_page_dirty_for_io(), SetPageReclaim (it rotates to the inactive tail when written),
 * set_page_writeback() and joins a bio of disk-contiguous sectors up to max_sectors, and is unlocked;
 * one page may be held to the very end ({@link #unlockLast}). Counts nr_vmscan_write and the pages
 * written by reclaim. Resumable where a lock or a full queue puts the task to sleep.
 */
public final class PageoutIo {
    private enum Phase { EXTEND, WRITE, SUBMIT_THEN_ADD, FINISH, DONE }

    private final Kernel k;
    private final Pgdat pgdat;
    private final Task task;
    private int[] run = new int[64];
    private int n;
    private Inode inode;
    private IoOrigin origin;
    private int last = Pages.NIL;
    private Phase phase = Phase.DONE;
    private long extendIndex;
    private final FindLockPage findLock;
    private boolean extentLocked;
    private int at;
    private long sector;
    private final MpageBio bio;
    private int written;

    public PageoutIo(Pgdat pgdat, Task task) {
        this.k = pgdat.k;
        this.pgdat = pgdat;
        this.task = task;
        this.findLock = new FindLockPage(k.cache, k.pages, task);
        this.bio = new MpageBio(k, task);
    }

    /** Starts a write of pages of {@code inode}, attributed to {@code origin}; add the locked pages next. */
    public void start(Inode inode, IoOrigin origin) {
        this.inode = inode;
        this.origin = origin;
        this.n = 0;
        this.at = 0;
        this.written = 0;
        this.last = Pages.NIL;
        findLock.reset();
        this.phase = k.config.fsDelallocAscending ? Phase.EXTEND : Phase.WRITE;
    }

    /** Adds a page this task has locked, at a higher index than the previous one. */
    public void add(int page) {
        if (n == run.length) {
            run = Arrays.copyOf(run, n * 2);
        }
        run[n++] = page;
        extendIndex = k.pages.index(page) + 1;
    }

    /** Keeps {@code page} locked until every other page is written (Wu: "unlock last"). */
    public void unlockLast(int page) {
        this.last = page;
    }

    /** Pages written by the last write. */
    public int written() {
        return written;
    }

    public boolean done() {
        return phase == Phase.DONE;
    }

    /** Runs the write; true when done, false when the task sleeps (call again when it runs). */
    public boolean step() {
        PageCache cache = k.cache;
        Pages pages = k.pages;
        while (true) {
            switch (phase) {
                case EXTEND: {
                    if (!extend()) {
                        return false;
                    }
                    k.hazards.acquire(task, LockClass.EXTENT_LOCK); // lock_extent() over the delalloc range
                    extentLocked = true;
                    phase = Phase.WRITE;
                    continue;
                }
                case WRITE: {
                    if (at == n) {
                        phase = Phase.FINISH;
                        continue;
                    }
                    int page = run[at];
                    if (!cache.clearPageDirtyForIo(page)) { // cleaned meanwhile: nothing to write
                        at++;
                        if (page != last) {
                            cache.unlockPage(page);
                        }
                        continue;
                    }
                    k.hazards.touchMapping(task, inode, "->writepage block mapping");
                    sector = inode.blocks.sector(pages.index(page));
                    phase = bio.needsSubmit(sector) ? Phase.SUBMIT_THEN_ADD : Phase.WRITE;
                    if (phase == Phase.WRITE) {
                        addToBio(page);
                    }
                    continue;
                }
                case SUBMIT_THEN_ADD: {
                    Bio b = bio.take();
                    addToBio(run[at]); // the page is ready; the old bio goes first
                    phase = Phase.WRITE;
                    if (!bio.submit(b)) {
                        return false;
                    }
                    continue;
                }
                case FINISH: {
                    phase = Phase.DONE;
                    if (extentLocked) {
                        extentLocked = false;
                        k.hazards.release(task, LockClass.EXTENT_LOCK);
                    }
                    if (last != Pages.NIL) {
                        cache.unlockPage(last);
                    }
                    pgdat.accountVmscanWrite(task, written);
                    k.accountWritten(origin, written);
                    return bio.submit();
                }
                default:
                    return true;
            }
        }
    }

    private void addToBio(int page) {
        bio.addWrite(page, sector, origin);
        k.pages.set(page, Pages.PG_reclaim);
        k.cache.setPageWriteback(page);
        if (page != last) {
            k.cache.unlockPage(page);
        }
        written++;
        at++;
    }

    /** find_lock_delalloc_range(): lock the dirty pages after the run, ascending; false when asleep. */
    private boolean extend() {
        while (n < k.config.delallocMaxPages) {
            k.hazards.touchMapping(task, inode, "delalloc range lookup");
            int p = findLock.lockDirty(inode, extendIndex);
            if (p == FindLockPage.ASLEEP) {
                return false;
            }
            if (p == FindLockPage.END) {
                return true;
            }
            add(p);
        }
        return true;
    }
}
