package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.FindLockPage;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutIo;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.Reclaimer;
import io.wbreplay.replay.vmscan.ScanControl;

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
    public Pageout newPageout(Reclaimer reclaimer) {
        return new Pageout() {
            private final Kernel k = reclaimer.kernel();
            private final PageoutIo io = new PageoutIo(k, reclaimer.task());
            private final FindLockPage findLock = new FindLockPage(k.cache, k.pages, reclaimer.task());

            @Override
            public PageoutResult pageout(int page, ScanControl sc) {
                if (!Writepage.mayWrite(reclaimer, sc)) {
                    return PageoutResult.KEEP;
                }
                Pages pages = k.pages;
                Inode inode = k.cache.inodeOf(page);
                io.start(inode, IoOrigin.RECLAIM);
                io.add(page);
                io.unlockLast(page);
                long index = pages.index(page);
                for (int i = 1; i < k.config.writeAheadPages; i++) {
                    k.hazards.touchMapping(reclaimer.task(), inode, "write-ahead lookup");
                    int p = findLock.trylockDirty(inode, index + i);
                    if (p == FindLockPage.END) {
                        break;
                    }
                    io.add(p);
                }
                return resume(sc);
            }

            @Override
            public PageoutResult resume(ScanControl sc) {
                return io.step() || io.done() ? PageoutResult.SUCCESS : PageoutResult.SLEEP;
            }
        };
    }
}
