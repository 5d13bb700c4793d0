package io.wbreplay.replay.writeback;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.InodeList;
import io.wbreplay.replay.mm.RadixTree;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.Task;

/**
 * fs/fs-writeback.c wb_writeback() with writeback_sb_inodes() and writeback_single_inode() (3.2
 * structure): queue_io() when b_io is empty, then inodes from the tail of b_io, each written in
 * chunks of {@link #chunkSize()} (the era's) and requeued (slice used up: b_more_io; blocked or
 * redirtied: b_dirty; clean: off the lists). One instance per task that writes inodes back (the
 * flusher, and writers in the pre-3.2 throttling mode); resumable like {@link WriteCachePages}.
 */
public final class WbWriteback {
    /** MAX_WRITEBACK_PAGES (fs/fs-writeback.c, 2.6.35): the per-inode slice. */
    public static final long MAX_WRITEBACK_PAGES = 1024;
    /** MIN_WRITEBACK_PAGES (3.2+): 4 MiB. */
    static final long MIN_WRITEBACK_PAGES = 1024;
    /** DIRTY_SCOPE (3.2+): a chunk is at most this fraction of the dirty limit. */
    private static final long DIRTY_SCOPE = 8;
    /** writeback_sb_inodes() returns to wb_writeback() after HZ/10 once it wrote something. */

    private enum Phase { LOOP, INODES, WRITE, EVICT, WAIT_INODE, FINISH, IDLE }

    private final Kernel k;
    private final BdiWriteback bdi;
    private final Task task;
    private final WriteCachePages writer;
    private final io.wbreplay.replay.mm.TruncateInodePages evict;
    private final WritebackControl wbc = new WritebackControl();
    private WbWork work;
    private Phase phase = Phase.IDLE;
    private long olderThan;
    private long startNs;
    private long sliceStartNs;
    private long progress;
    private long chunk;
    private Inode inode;
    private long written;

    /** The inode writeback of {@code bdi}'s lists by {@code task} (the flusher, or a throttled writer). */
    public WbWriteback(Kernel k, BdiWriteback bdi, Task task) {
        this.k = k;
        this.bdi = bdi;
        this.task = task;
        this.writer = new WriteCachePages(k, task);
        this.evict = new io.wbreplay.replay.mm.TruncateInodePages(k.cache, task);
    }

    public boolean busy() {
        return phase != Phase.IDLE;
    }

    /** Pages written by the current (or last) work. */
    public long written() {
        return written;
    }

    public void start(WbWork work) {
        this.work = work;
        this.startNs = k.loop.now();
        this.olderThan = startNs;
        this.written = 0;
        if (work.singlePass) {
            if (bdi.bIo.isEmpty()) {
                queueIo(Long.MAX_VALUE);
            }
            startInodes();
        } else {
            phase = Phase.LOOP;
        }
    }

    private void startInodes() {
        progress = 0;
        sliceStartNs = k.loop.now();
        phase = Phase.INODES;
    }

    /** Runs the work; true when done, false when the task sleeps. */
    public boolean step() {
        BdiWriteback wb = bdi;
        while (true) {
            switch (phase) {
                case LOOP: {
                    if (work.nrPages <= 0) {
                        phase = Phase.FINISH;
                        continue;
                    }
                    if ((work.forBackground || work.forKupdate) && wb.hasQueuedWork()) {
                        phase = Phase.FINISH; // let queued works run first
                        continue;
                    }
                    if (work.forBackground && !bdi.domain.overBackgroundThresh()) {
                        phase = Phase.FINISH;
                        continue;
                    }
                    if (work.forKupdate) {
                        olderThan = k.loop.now() - k.config.dirtyExpireNs();
                    } else if (work.forBackground) {
                        olderThan = k.loop.now();
                    }
                    if (wb.bIo.isEmpty()) {
                        queueIo(olderThan);
                    }
                    startInodes();
                    continue;
                }
                case INODES: {
                    if (wb.bIo.isEmpty() || (progress > 0 && (k.loop.now() - sliceStartNs >= Hz.HZ_10_NS || work.nrPages <= 0))) {
                        phase = afterInodes();
                        if (task.state() != Task.State.RUNNABLE) {
                            return false;
                        }
                        continue;
                    }
                    Inode i = wb.bIo.tail();
                    if (i.has(Inode.I_SYNC)) {
                        if (work.syncMode == SyncMode.WB_SYNC_NONE) {
                            wb.bMoreIo.moveToHead(i); // requeue_io()
                            continue;
                        }
                        task.sleepOn(wb.inodeSyncWait, null); // inode_wait_for_writeback()
                        return false;
                    }
                    inode = i;
                    k.cache.iget(i);
                    chunk = chunkSize();
                    wbc.reset();
                    wbc.syncMode = work.syncMode;
                    wbc.nrToWrite = chunk;
                    wbc.rangeCyclic = work.rangeCyclic;
                    wbc.forKupdate = work.forKupdate;
                    wbc.forBackground = work.forBackground;
                    wbc.origin = work.origin;
                    i.state = (i.state | Inode.I_SYNC) & ~Inode.I_DIRTY_PAGES;
                    bdi.domain.bandwidthEstimateStart(); // do_writepages()
                    writer.start(i, wbc);
                    phase = Phase.WRITE;
                    continue;
                }
                case WRITE: {
                    if (!writer.step()) {
                        return false;
                    }
                    bdi.domain.doWritepagesEnd();
                    Inode i = inode;
                    i.state &= ~Inode.I_SYNC;
                    wb.inodeSyncWait.wakeAll();
                    long wrote = chunk - wbc.nrToWrite;
                    k.writebackSingleInode(wrote);
                    written += writer.written();
                    k.accountWritten(work.origin, writer.written());
                    if (!i.has(Inode.I_FREEING)) {
                        if (i.mapping.pages.tagged(RadixTree.TAG_DIRTY) > 0) {
                            i.state |= Inode.I_DIRTY_PAGES;
                            // writeback_sb_inodes()' dirtied_before: the pass's start, kupdate's expiry before it
                            long dirtiedBefore = work.forKupdate ? sliceStartNs - k.config.dirtyExpireNs() : sliceStartNs;
                            if (wbc.nrToWrite <= 0 && !(k.config.kernel.requeueOnlyIfNotRedirtied() && i.dirtiedWhen > dirtiedBefore)) {
                                wb.bMoreIo.moveToHead(i); // slice used up: requeue_io()
                            } else {
                                wb.redirtyTail(i); // dirtied since the pass began, or blocked by something other than our slice
                            }
                        } else {
                            // clean now, even if pages were dirtied (and written) during the pass: a stale
                            // I_DIRTY_PAGES would make __mark_inode_dirty() ignore the inode for good
                            i.state &= ~Inode.I_DIRTY_PAGES;
                            if (i.list() != null) {
                                i.list().remove(i);
                            }
                        }
                    }
                    work.nrPages -= wrote;
                    progress += wrote;
                    if (!i.has(Inode.I_DIRTY_PAGES)) {
                        progress++;
                    }
                    phase = Phase.INODES;
                    if (k.cache.iputNeedsFinal(i)) { // iput_final() in the flusher: evict the inode here
                        k.iputFinalBy(task, i);
                        evict.start(i, 0);
                        phase = Phase.EVICT;
                    } else {
                        inode = null;
                    }
                    continue;
                }
                case EVICT: {
                    if (!evict.step()) {
                        return false;
                    }
                    k.cache.evictDone(inode);
                    inode = null;
                    phase = Phase.INODES;
                    continue;
                }
                case WAIT_INODE: {
                    // after a wait for an inode under I_SYNC, loop again
                    phase = Phase.LOOP;
                    continue;
                }
                case FINISH: {
                    phase = Phase.IDLE;
                    work.finished = true;
                    work.done.wakeAll();
                    return true;
                }
                default:
                    return true;
            }
        }
    }

    /**
     * The pages one inode gets before the flusher moves on (b_more_io): all for WB_SYNC_ALL; before 3.2
     * MAX_WRITEBACK_PAGES; since 3.2 writeback_chunk_size(): half a second of the write bandwidth, at
     * most an eighth of the dirty limit (DIRTY_SCOPE) and the work's pages, rounded down after adding
     * MIN_WRITEBACK_PAGES (4 MiB) to a multiple of it.
     */
    long chunkSize() {
        if (work.syncMode == SyncMode.WB_SYNC_ALL) {
            return Long.MAX_VALUE;
        }
        if (!k.config.kernel.bandwidthChunk) {
            return Math.min(work.nrPages, MAX_WRITEBACK_PAGES);
        }
        long pages = Math.min((long) bdi.domain.bandwidth.pagesPerSecond() / 2, bdi.domain.hardDirtyLimit(bdi.domain.dirtyThresh()) / DIRTY_SCOPE);
        pages = Math.min(pages, work.nrPages);
        return (pages + MIN_WRITEBACK_PAGES) / MIN_WRITEBACK_PAGES * MIN_WRITEBACK_PAGES;
    }

    private Phase afterInodes() {
        if (work.singlePass) {
            return Phase.FINISH;
        }
        if (progress > 0) {
            return Phase.LOOP;
        }
        InodeList more = bdi.bMoreIo;
        if (more.isEmpty()) {
            return Phase.FINISH;
        }
        Inode tail = more.tail();
        if (tail.has(Inode.I_SYNC)) {
            task.sleepOn(bdi.inodeSyncWait, null);
            // resumes in WAIT_INODE on the next step
        }
        return Phase.WAIT_INODE;
    }

    /**
     * queue_io(): b_more_io goes to b_io first, then the inodes of b_dirty dirtied before
     * {@code olderThanNs}, oldest first (move_expired_inodes()); b_io is worked from its tail.
     */
    void queueIo(long olderThanNs) {
        BdiWriteback wb = bdi;
        while (!wb.bMoreIo.isEmpty()) {
            wb.bIo.moveToHead(wb.bMoreIo.tail());
        }
        while (!wb.bDirty.isEmpty()) {
            Inode oldest = wb.bDirty.tail();
            if (oldest.dirtiedWhen > olderThanNs) { // inode_dirtied_after()
                break;
            }
            wb.bIo.moveToHead(oldest);
        }
    }
}
