package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ScanControl;

/**
 * {@code kswapd-writepage}: mm/vmscan.c shrink_page_list() from 3.2 to 6.16 ("only kswapd writes,
 * direct reclaim never does"; Mel Gorman's "nodirect" of 2010). Direct reclaim marks every dirty
 * file page for immediate reclaim and keeps it; kswapd writes the one page with ->writepage, as
 * {@code writepage} does, but only under pressure: in 3.2 below DEF_PRIORITY - 2, and from 4.11
 * (kernel eras that activate dirty pages) only a page it meets a second time (PG_reclaim already
 * set) on a node whose LRU tail was all unqueued dirty pages (PGDAT_DIRTY).
 */
public final class KswapdWritepage implements ReclaimWritebackStrategy {
    public static final String NAME = "kswapd-writepage";

    private final ReclaimWritebackStrategy write = new Writepage();
    private final ReclaimWritebackStrategy keep = new NoReclaimWriteback();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean keepsReferencedDirty() {
        return false; // the immediate-reclaim marking comes before page_check_references()' verdict
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        Pageout writes = write.newPageout(ctx);
        Pageout keeps = keep.newPageout(ctx);
        return new Pageout() {
            @Override
            public PageoutResult pageout(int page, ScanControl sc) {
                if (!kswapdWrites(ctx, page, sc)) {
                    return keeps.pageout(page, sc);
                }
                if (sc.keepsDirtyPage()) {
                    return PageoutResult.KEEP;
                }
                return writes.pageout(page, sc);
            }

            @Override
            public PageoutResult resume(ScanControl sc) {
                return writes.resume(sc);
            }
        };
    }

    private static boolean kswapdWrites(ReclaimContext ctx, int page, ScanControl sc) {
        if (ctx.config().kernel.activatesDirty) {
            return ctx.kswapdMeetsMarkedPageOnDirtyNode(page, sc);
        }
        return sc.kswapd && sc.priority < ScanControl.DEF_PRIORITY - 2;
    }
}
