package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.mm.FindLockPage;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;

/**
 * {@code write-ahead} (Fengguang Wu, March 2012): write the page reclaim holds locked together with the
 * contiguous dirty pages after it, up to {@link io.wbreplay.replay.CoreConfig#writeAheadPages} in all.
 * The later pages are only trylocked, in ascending order, so reclaim never sleeps on a page lock while
 * holding one and never takes a lower index after a higher one (no ABBA against filesystems that lock
 * ascending, like btrfs); the mapping is touched only while a page of it is locked, and the target is
 * unlocked last.
 */
public final class WriteAhead implements ReclaimWritebackStrategy {
    public static final String NAME = "write-ahead";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        FindLockPage findLock = new FindLockPage(ctx.cache(), ctx.pages(), ctx.task());
        return new WritepagePageout(ctx) {
            @Override
            void addNeighbours(int page, Inode inode) {
                io.unlockLast(page);
                long index = ctx.pages().index(page);
                for (int i = 1; i < ctx.config().writeAheadPages; i++) {
                    ctx.hazards().touchMapping(ctx.task(), inode, "write-ahead lookup");
                    int p = findLock.trylockDirty(inode, index + i);
                    if (p == FindLockPage.END) {
                        break;
                    }
                    io.add(p);
                }
            }
        };
    }
}
