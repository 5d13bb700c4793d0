package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.TruncateInodePages;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.writeback.BdiWriteback;
import io.wbreplay.replay.writeback.SyncMode;
import io.wbreplay.replay.writeback.WbWork;
import io.wbreplay.replay.writeback.WriteCachePages;
import io.wbreplay.replay.writeback.WritebackControl;

/**
 * One pageout work as the flusher runs it (fs/fs-writeback.c in Wu's patch): lock_page() on the page
 * the work pinned with get_page(); if it is no longer in the inode's mapping (truncated) or no longer
 * dirty the work is stale and only counted; otherwise the flusher takes an inode reference while the
 * page lock pins the mapping, unlocks, writes the work's index range with write_cache_pages() and
 * iput()s (which may be the final one: the flusher then evicts the inode).
 */
final class PageoutWork extends WbWork {
    private enum Phase { LOCK, WRITE, EVICT }

    private final FlusherPageout owner;
    private final ReclaimContext ctx;
    private final WritebackControl wbc = new WritebackControl();
    private WriteCachePages writer;
    private TruncateInodePages evict;
    private Phase phase;
    int page;
    int ino;
    long start;
    long end;
    /** Queue order, and whether the work is still queued (not started): {@link PageoutQueue}'s. */
    long seq;
    boolean queued;
    private Inode inode;

    PageoutWork(FlusherPageout owner, ReclaimContext ctx) {
        this.owner = owner;
        this.ctx = ctx;
    }

    void prepare(int page, int ino, long start, long unit) {
        reset();
        this.origin = IoOrigin.FLUSHER_PAGEOUT;
        this.page = page;
        this.ino = ino;
        this.start = start;
        this.end = start + unit - 1;
        this.phase = Phase.LOCK;
    }

    @Override
    public void begin(BdiWriteback flusher) {
        // not an inode writeback pass: everything happens in step()
    }

    @Override
    public boolean step(BdiWriteback flusher) {
        Pages pages = ctx.pages();
        while (true) {
            switch (phase) {
                case LOCK: {
                    owner.queued.remove(this); // started: no more merging
                    if (!ctx.cache().lockPage(flusher, page)) {
                        return false;
                    }
                    if (pages.mapping(page) != ino) {
                        owner.foundTruncated++;
                        return drop();
                    }
                    if (!pages.test(page, Pages.PG_dirty)) {
                        owner.foundClean++;
                        return drop();
                    }
                    inode = ctx.cache().inodeOf(page);
                    if (!ctx.hazards().igrab(flusher, inode)) {
                        owner.foundTruncated++;
                        return drop();
                    }
                    ctx.cache().unlockPage(page);
                    ctx.cache().putPage(page);
                    if (writer == null) {
                        writer = ctx.newWriteCachePages(flusher);
                        evict = new TruncateInodePages(ctx.cache(), flusher);
                    }
                    wbc.reset();
                    wbc.syncMode = SyncMode.WB_SYNC_NONE;
                    wbc.origin = IoOrigin.FLUSHER_PAGEOUT;
                    wbc.pageRange(start, end);
                    writer.start(inode, wbc);
                    phase = Phase.WRITE;
                    continue;
                }
                case WRITE: {
                    if (!writer.step()) {
                        return false;
                    }
                    ctx.accountWritten(IoOrigin.FLUSHER_PAGEOUT, writer.written());
                    if (ctx.hazards().iput(flusher, inode)) { // iput_final() in the flusher
                        ctx.iputFinal(flusher, inode);
                        if (inode.list() != null) {
                            inode.list().remove(inode);
                        }
                        evict.start(inode, 0);
                        phase = Phase.EVICT;
                        continue;
                    }
                    return finish();
                }
                default: {
                    if (!evict.step()) {
                        return false;
                    }
                    ctx.cache().evictDone(inode);
                    return finish();
                }
            }
        }
    }

    /** A stale work: unlock and drop the page reference. */
    private boolean drop() {
        ctx.cache().unlockPage(page);
        ctx.cache().putPage(page);
        return finish();
    }

    private boolean finish() {
        inode = null;
        owner.finished(this);
        return true;
    }
}
