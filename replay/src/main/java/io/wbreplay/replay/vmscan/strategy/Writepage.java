package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutIo;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.Reclaimer;
import io.wbreplay.replay.vmscan.ScanControl;

/**
 * {@code writepage}: mm/vmscan.c pageout() through 2.6.3x. The page reclaim trylocked is written on its
 * own with ->writepage (one 4 KiB bio, in LRU order: the seeky single-page writes Mel Gorman measured),
 * unless may_write_to_queue() says no: direct reclaim leaves a write-congested queue alone, kswapd
 * (PF_SWAPWRITE) always writes.
 */
public final class Writepage implements ReclaimWritebackStrategy {
    public static final String NAME = "writepage";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pageout newPageout(Reclaimer reclaimer) {
        return new Pageout() {
            private final Kernel k = reclaimer.kernel();
            private final PageoutIo io = new PageoutIo(k, reclaimer.task());

            @Override
            public PageoutResult pageout(int page, ScanControl sc) {
                if (!mayWrite(reclaimer, sc)) {
                    return PageoutResult.KEEP;
                }
                io.start(k.cache.inodeOf(page), IoOrigin.RECLAIM);
                io.add(page);
                return resume(sc);
            }

            @Override
            public PageoutResult resume(ScanControl sc) {
                return io.step() || io.done() ? PageoutResult.SUCCESS : PageoutResult.SLEEP;
            }
        };
    }

    /**
     * sc->may_writepage and may_write_to_queue(): kswapd (PF_SWAPWRITE) always, a writer into the same
     * device (current->backing_dev_info) always, anyone else only while the queue is not write-congested.
     */
    static boolean mayWrite(Reclaimer reclaimer, ScanControl sc) {
        return sc.mayWritepage && (sc.kswapd || sc.currentBdi || !reclaimer.kernel().queue.writeCongested());
    }
}
