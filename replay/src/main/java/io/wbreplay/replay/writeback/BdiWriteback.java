package io.wbreplay.replay.writeback;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.InodeList;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;
import java.util.ArrayDeque;

/**
 * fs/fs-writeback.c struct bdi_writeback and its flusher thread (bdi_writeback_thread() /
 * wb_do_writeback()): runs queued works in order, then kupdate-style writeback every
 * dirty_writeback_centisecs for inodes dirtied more than dirty_expire_centisecs ago
 * (wb_check_old_data_flush()), then background writeback while over the background threshold
 * (wb_check_background_flush()); sleeps until the next kupdate or until woken.
 */
public final class BdiWriteback extends Task implements PageCache.InodeDirtier, Flusher {
    public final InodeList bDirty = new InodeList("b_dirty");
    public final InodeList bIo = new InodeList("b_io");
    public final InodeList bMoreIo = new InodeList("b_more_io");
    /** Woken when an inode's I_SYNC clears (inode_sync_complete()). */
    public final WaitQueue inodeSyncWait = new WaitQueue("i_state.__I_SYNC");
    private final WaitQueue wakeup = new WaitQueue("bdi-flusher");
    private final ArrayDeque<WbWork> works = new ArrayDeque<>();
    private final Kernel k;
    private final WbWriteback writeback;
    /** The dirty thresholds and the bandwidth estimates. */
    public final WbDomain domain;
    private final WbWork kupdateWork = new WbWork();
    private final WbWork backgroundWork = new WbWork();
    private final WbWork reclaimWork = new WbWork();
    private WbWork current;
    private long lastOldFlushNs;

    public BdiWriteback(Kernel k) {
        super(k.loop, "flush-8:0", 2);
        this.k = k;
        this.domain = new WbDomain(k);
        this.writeback = new WbWriteback(k, this, this);
        reclaimWork.finished = true;
    }

    /** __mark_inode_dirty(): a newly dirty inode goes to the head of b_dirty with dirtied_when = now. */
    @Override
    public void markInodeDirty(Inode inode, long nowNs) {
        if (inode.has(Inode.I_DIRTY_PAGES)) {
            return;
        }
        inode.state |= Inode.I_DIRTY_PAGES;
        if (inode.has(Inode.I_SYNC | Inode.I_FREEING)) {
            return; // the writer of the inode requeues it when done
        }
        if (inode.list() == null) {
            inode.dirtiedWhen = nowNs;
            bDirty.moveToHead(inode);
        }
    }

    /** redirty_tail(): back to b_dirty, refreshing dirtied_when if it would be older than b_dirty's newest. */
    void redirtyTail(Inode inode) {
        Inode newest = bDirty.head();
        if (newest != null && inode.dirtiedWhen < newest.dirtiedWhen) {
            inode.dirtiedWhen = k.loop.now();
        }
        bDirty.moveToHead(inode);
    }

    @Override
    public void queueWork(WbWork work) {
        work.finished = false;
        works.addLast(work);
        wakeIfIdle();
    }

    /**
     * wake_up_process() of the flusher. A flusher blocked inside its work (waiting for a free request,
     * a page lock, an inode) rechecks what it waits for and sleeps again in the kernel, so only an
     * idle flusher (on its own wait queue, or in a timed sleep) is woken here; it picks the queued
     * work up when its current one is done.
     */
    private void wakeIfIdle() {
        if (state() == State.SLEEPING || waitingOn() == wakeup) {
            wakeUp();
        }
    }

    @Override
    public void wakeupFlusherThreads(long nrPages) {
        if (!reclaimWork.finished && hasQueuedWork()) {
            reclaimWork.nrPages += nrPages;
            return;
        }
        if (!reclaimWork.finished) {
            return; // running: it keeps going while pages remain
        }
        WbWork w = reclaimWork.reset();
        w.nrPages = Math.max(nrPages, 1024);
        w.origin = IoOrigin.FLUSHER_BACKGROUND;
        queueWork(w);
    }

    @Override
    public double writeBandwidth() {
        return domain.bandwidth.pagesPerSecond();
    }

    public boolean hasQueuedWork() {
        return !works.isEmpty();
    }

    public int queuedWorks() {
        return works.size();
    }

    /** bdi_start_background_writeback(): wakes the flusher to check the background threshold. */
    public void startBackgroundWriteback() {
        if (current == null) {
            wakeIfIdle();
        }
    }

    /** writeback_in_progress(). */
    public boolean writebackInProgress() {
        return current != null;
    }

    /** The wb_writeback() runner of the flusher, for works that write inodes. */
    public WbWriteback writeback() {
        return writeback;
    }

    @Override
    protected void run(long nowNs) {
        while (true) {
            if (current != null) {
                if (!current.step(this)) {
                    return;
                }
                if (!current.finished) { // wb_writeback() marks its works itself
                    current.finished = true;
                    current.done.wakeAll();
                }
                boolean idleBackground = current == backgroundWork && writeback.written() == 0;
                current = null;
                if (idleBackground && works.isEmpty()) { // nothing writable now: wait to be woken
                    sleepOnFor(wakeup, Math.max(1, lastOldFlushNs + k.config.dirtyWritebackNs() - k.loop.now()), null);
                    return;
                }
            }
            WbWork next = works.pollFirst();
            if (next == null) {
                next = periodicWork(k.loop.now());
            }
            if (next == null) {
                long due = lastOldFlushNs + k.config.dirtyWritebackNs();
                sleepOnFor(wakeup, Math.max(1, due - k.loop.now()), null);
                return;
            }
            current = next;
            next.begin(this);
        }
    }

    /** wb_check_old_data_flush() then wb_check_background_flush(). */
    private WbWork periodicWork(long now) {
        if (now >= lastOldFlushNs + k.config.dirtyWritebackNs()) {
            lastOldFlushNs = now;
            long nr = k.dirtyPages() + bDirty.size() + bIo.size() + bMoreIo.size();
            if (nr > 0) {
                WbWork w = kupdateWork.reset();
                w.nrPages = nr;
                w.forKupdate = true;
                w.origin = IoOrigin.FLUSHER_KUPDATE;
                return w;
            }
        }
        if (domain.overBackgroundThresh()) {
            WbWork w = backgroundWork.reset();
            w.nrPages = Long.MAX_VALUE;
            w.forBackground = true;
            w.origin = IoOrigin.FLUSHER_BACKGROUND;
            return w;
        }
        return null;
    }
}
