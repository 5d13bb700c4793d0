package io.wbreplay.replay.writeback;

import io.wbreplay.replay.Jbd2ReservedCredits;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.MpageBio;
import io.wbreplay.replay.hazard.LockClass;
import io.wbreplay.replay.mm.FindLockPage;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.RadixTree;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.mm.Zone;
import java.util.Arrays;

/**
 * mm/page-writeback.c write_cache_pages() with fs/mpage.c __mpage_writepage() as the writepage: walks
 * a mapping's DIRTY (or, for data integrity, TOWRITE) tagged pages in ascending index from
 * writeback_index (range_cyclic, wrapping once) or over [range_start, range_end], locks each page,
 * clears its dirty bit, sets writeback, and gathers disk-contiguous pages into one bio up to the
 * queue's max_sectors. With {@link io.wbreplay.replay.CoreConfig#fsDelallocAscending} each page that
 * starts a new delalloc range first has the contiguous dirty pages after it locked in ascending order,
 * blocking, while it stays locked, and the extent allocated under the extent lock; those pages are
 * then unlocked still dirty and written as the walk reaches them (btrfs extent_write_cache_pages() ->
 * writepage_delalloc() -> find_lock_delalloc_range() / lock_delalloc_pages(), cow_file_range() ->
 * extent_clear_unlock_delalloc()). Resumable: where lock_page() or a full queue puts the task to
 * sleep, the next {@link #step} continues at the same page. Under a journal that reserves credits
 * ({@link Jbd2ReservedCredits}) each extent of contiguous pages, at most MAX_WRITEPAGES_EXTENT_LEN, is
 * written under its own reservation, taken before its first page is locked, as ext4_do_writepages()
 * starts a handle before mpage_prepare_extent_to_map() locks pages; the extent's last bio is submitted
 * before the next reservation is asked for. A page whose blocks an earlier writeback mapped (an
 * overwrite) reserves nothing, as ext4 writes such pages without a handle.
 */
public final class WriteCachePages {
    private enum Phase { FIND, IO_END, RESERVE, LOCK, WAIT_WRITEBACK, DELALLOC, BIO, SUBMIT_THEN_ADD, ADD, FINISH, DONE }

    private final Kernel k;
    private final Task task;
    private Inode inode;
    private WritebackControl wbc;
    private Phase phase = Phase.DONE;
    private int tag;
    private long index;
    private long end;
    private long writebackIndex;
    private long doneIndex;
    private boolean cycled;
    private boolean rangeWhole;
    private long pageIndex;
    private int page;
    private long pageSector;
    private final MpageBio bio;
    private long written;
    /** The last index of the delalloc range allocated by this walk, or -1: pages up to it start no new range. */
    private long delallocEnd;
    /** The pages locked by the current delalloc extension. */
    private int[] delalloc = new int[16];
    private int nDelalloc;
    private final FindLockPage findLock;
    /** Whether the page found needs its blocks mapped ({@link io.wbreplay.replay.mm.BlockMap#needsMapping}). */
    private boolean mapPage;
    /** The extent being written under a reserved journal handle, or null (no journal, or none open). */
    private Ext4IoEnd ioEnd;
    /** The leaf (index / LEAF_SLOTS) whose frames {@link #prefetchLeaf} read last, and where it reads them to. */
    private long prefetchedLeaf = -1;
    private final int[] leafPages = new int[RadixTree.LEAF_SLOTS];
    private int prefetched;

    public WriteCachePages(Kernel k, Task task) {
        this.k = k;
        this.task = task;
        this.findLock = new FindLockPage(k.cache, k.pages, task);
        this.bio = new MpageBio(k, task);
    }

    /** Pages this walk has sent to the device. */
    public long written() {
        return written;
    }

    public boolean busy() {
        return phase != Phase.DONE;
    }

    /**
     * prefetch(): reads the frames of the pages this walk will take next from the leaf of the radix tree
     * holding {@code index}. The loads are independent, so they miss the CPU cache together instead of
     * one after another as the walk reaches each page (a 5 GiB cache has 1.3 M frames); changes nothing.
     */
    private void prefetchLeaf(RadixTree tree, long index) {
        prefetchedLeaf = index / RadixTree.LEAF_SLOTS;
        int n = tree.leafTagged(index, tag, leafPages);
        int sum = 0;
        for (int j = 0; j < n; j++) {
            sum += k.pages.flags(leafPages[j]);
        }
        prefetched += sum; // used, so that the loads are not optimised away
    }

    /** Starts a walk of {@code inode}'s mapping under {@code wbc} (do_writepages()). */
    public void start(Inode inode, WritebackControl wbc) {
        this.inode = inode;
        this.wbc = wbc;
        this.written = 0;
        if (wbc.rangeCyclic) {
            writebackIndex = inode.mapping.writebackIndex;
            index = writebackIndex;
            cycled = index == 0;
            end = Long.MAX_VALUE;
            rangeWhole = false;
        } else {
            index = wbc.rangeStart >>> Zone.PAGE_SHIFT;
            end = wbc.rangeEnd == Long.MAX_VALUE ? Long.MAX_VALUE : wbc.rangeEnd >>> Zone.PAGE_SHIFT;
            rangeWhole = wbc.rangeStart == 0 && wbc.rangeEnd == Long.MAX_VALUE;
            cycled = true;
        }
        tag = wbc.syncMode == SyncMode.WB_SYNC_ALL || wbc.taggedWritepages ? RadixTree.TAG_TOWRITE : RadixTree.TAG_DIRTY;
        if (tag == RadixTree.TAG_TOWRITE) {
            tagPagesForWriteback(index, end);
        }
        doneIndex = index;
        delallocEnd = -1;
        prefetchedLeaf = -1;
        phase = Phase.FIND;
    }

    /**
     * lock_delalloc_pages(): lock_page() on each contiguous dirty page after the locked one, ascending,
     * up to delallocMaxPages in all; true when the range ends, false when the task sleeps for a page.
     */
    private boolean lockDelallocPages() {
        while (nDelalloc + 1 < k.config.delallocMaxPages) {
            int p = findLock.lockDirty(inode, pageIndex + 1 + nDelalloc);
            if (p == FindLockPage.ASLEEP) {
                return false;
            }
            if (p == FindLockPage.END) {
                return true;
            }
            if (nDelalloc == delalloc.length) {
                delalloc = Arrays.copyOf(delalloc, nDelalloc * 2);
            }
            delalloc[nDelalloc++] = p;
        }
        return true;
    }

    /** tag_pages_for_writeback(): TOWRITE on every DIRTY page in [from, to]. */
    private void tagPagesForWriteback(long from, long to) {
        RadixTree t = inode.mapping.pages;
        for (long i = t.nextTagged(from, RadixTree.TAG_DIRTY); i >= 0 && i <= to; i = t.nextTagged(i + 1, RadixTree.TAG_DIRTY)) {
            t.setTag(i, RadixTree.TAG_TOWRITE);
        }
    }

    /** Runs the walk; true when it has finished, false when {@code task} was put to sleep. */
    public boolean step() {
        Pages pages = k.pages;
        RadixTree tree = inode.mapping.pages;
        while (true) {
            switch (phase) {
                case FIND: {
                    long i = index <= end ? tree.nextTagged(index, tag) : -1;
                    if (i < 0 || i > end) {
                        if (!cycled) { // wrap once: 0 .. writeback_index - 1
                            cycled = true;
                            index = 0;
                            delallocEnd = -1;
                            end = writebackIndex - 1;
                            if (tag == RadixTree.TAG_TOWRITE) {
                                tagPagesForWriteback(index, end);
                            }
                            continue;
                        }
                        phase = Phase.FINISH;
                        continue;
                    }
                    pageIndex = i;
                    page = tree.foundPage();
                    if (i / RadixTree.LEAF_SLOTS != prefetchedLeaf) {
                        prefetchLeaf(tree, i);
                    }
                    doneIndex = i;
                    if (k.journal == null) {
                        phase = Phase.LOCK;
                        continue;
                    }
                    // ext4: a page whose blocks are mapped already (an overwrite) goes out without a
                    // handle (ext4_do_writepages()' first pass); a page to map extends the open extent,
                    // or the bio so far is submitted and a reservation taken for a new one
                    mapPage = inode.blocks.needsMapping(i);
                    boolean sameExtent = mapPage && ioEnd != null && ioEnd.nextIndex == i
                            && ioEnd.pages < Jbd2ReservedCredits.MAX_WRITEPAGES_EXTENT_LEN;
                    phase = sameExtent || (!mapPage && ioEnd == null) ? Phase.LOCK : Phase.IO_END;
                    continue;
                }
                case IO_END: { // ext4_io_submit() and ext4_put_io_end_defer() of the extent before
                    phase = mapPage ? Phase.RESERVE : Phase.LOCK;
                    if (ioEnd != null) {
                        ioEnd.put();
                        ioEnd = null;
                    }
                    if (!bio.submit()) {
                        return false;
                    }
                    continue;
                }
                case RESERVE: {
                    if (!k.journal.reserve(task, Jbd2ReservedCredits.WRITEPAGES_RSV_CREDITS)) {
                        return false;
                    }
                    ioEnd = new Ext4IoEnd(k.journal, Jbd2ReservedCredits.WRITEPAGES_RSV_CREDITS, pageIndex);
                    phase = Phase.LOCK;
                    continue;
                }
                case LOCK: {
                    if (tree.lookup(pageIndex) != page) { // truncated while we slept
                        index = pageIndex + 1;
                        phase = Phase.FIND;
                        continue;
                    }
                    if (!k.cache.lockPage(task, page)) {
                        return false;
                    }
                    if (pages.mapping(page) != inode.ino || !pages.test(page, Pages.PG_dirty)) {
                        k.cache.unlockPage(page);
                        tree.clearTag(pageIndex, RadixTree.TAG_TOWRITE);
                        index = pageIndex + 1;
                        phase = Phase.FIND;
                        continue;
                    }
                    phase = Phase.WAIT_WRITEBACK;
                    continue;
                }
                case WAIT_WRITEBACK: {
                    if (pages.test(page, Pages.PG_writeback)) {
                        if (wbc.syncMode == SyncMode.WB_SYNC_NONE) {
                            k.cache.unlockPage(page);
                            index = pageIndex + 1;
                            phase = Phase.FIND;
                            continue;
                        }
                        // data integrity: wait with the page locked, as the kernel does
                        task.sleepOn(k.cache.waits.queue(page), StallCause.WRITEBACK_WAIT);
                        return false;
                    }
                    if (!k.cache.clearPageDirtyForIo(page)) {
                        k.cache.unlockPage(page);
                        index = pageIndex + 1;
                        phase = Phase.FIND;
                        continue;
                    }
                    if (k.config.fsDelallocAscending && pageIndex > delallocEnd) {
                        nDelalloc = 0;
                        findLock.reset();
                        phase = Phase.DELALLOC;
                        continue;
                    }
                    phase = Phase.BIO;
                    continue;
                }
                case DELALLOC: {
                    if (!lockDelallocPages()) {
                        return false; // asleep with the page and the range so far locked
                    }
                    delallocEnd = pageIndex + nDelalloc;
                    k.hazards.acquire(task, LockClass.EXTENT_LOCK); // lock_extent(); cow_file_range() allocates
                    k.hazards.release(task, LockClass.EXTENT_LOCK);
                    for (int i = 0; i < nDelalloc; i++) { // extent_clear_unlock_delalloc(PAGE_UNLOCK): still dirty
                        k.cache.unlockPage(delalloc[i]);
                    }
                    nDelalloc = 0;
                    phase = Phase.BIO;
                    continue;
                }
                case BIO: {
                    pageSector = inode.blocks.sector(pageIndex);
                    phase = bio.needsSubmit(pageSector) ? Phase.SUBMIT_THEN_ADD : Phase.ADD;
                    continue;
                }
                case SUBMIT_THEN_ADD: {
                    phase = Phase.ADD;
                    if (!bio.submit()) {
                        return false; // the page stays locked while we wait for a request, as in mpage
                    }
                    continue;
                }
                case ADD: {
                    boolean newBio = bio.isEmpty();
                    bio.addWrite(page, pageSector, wbc.origin);
                    inode.blocks.mapped(pageIndex);
                    if (ioEnd != null) {
                        if (newBio) {
                            ioEnd.attach(bio.current());
                        }
                        ioEnd.pages++;
                        ioEnd.nextIndex = pageIndex + 1;
                    }
                    k.cache.setPageWriteback(page);
                    k.cache.unlockPage(page);
                    written++;
                    index = pageIndex + 1;
                    phase = Phase.FIND;
                    if (--wbc.nrToWrite <= 0 && wbc.syncMode == SyncMode.WB_SYNC_NONE) {
                        phase = Phase.FINISH;
                    }
                    continue;
                }
                case FINISH: {
                    if (wbc.rangeCyclic || (rangeWhole && wbc.nrToWrite > 0)) {
                        inode.mapping.writebackIndex = doneIndex;
                    }
                    phase = Phase.DONE;
                    if (ioEnd != null) {
                        ioEnd.put();
                        ioEnd = null;
                    }
                    return bio.submit(); // mpage_writepages(): submit the last bio
                }
                default:
                    return true;
            }
        }
    }
}
