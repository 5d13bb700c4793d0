package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutIo;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ScanControl;

/**
 * mm/vmscan.c pageout() calling ->writepage on the page reclaim holds locked, if it may write
 * ({@link ReclaimContext#mayWrite}), through {@link PageoutIo}; a strategy may add the neighbours it
 * locks ({@link #addNeighbours}) to the same write.
 */
class WritepagePageout implements Pageout {
    final ReclaimContext ctx;
    final PageoutIo io;

    WritepagePageout(ReclaimContext ctx) {
        this.ctx = ctx;
        this.io = ctx.newPageoutIo();
    }

    @Override
    public final PageoutResult pageout(int page, ScanControl sc) {
        if (!ctx.mayWrite(sc)) {
            return PageoutResult.KEEP;
        }
        Inode inode = ctx.cache().inodeOf(page);
        io.start(inode, IoOrigin.RECLAIM);
        io.add(page);
        addNeighbours(page, inode);
        return resume(sc);
    }

    /** Adds further locked pages of {@code inode} after {@code page} to the write; none here. */
    void addNeighbours(int page, Inode inode) {
    }

    @Override
    public final PageoutResult resume(ScanControl sc) {
        return io.step() || io.done() ? PageoutResult.SUCCESS : PageoutResult.SLEEP;
    }
}
