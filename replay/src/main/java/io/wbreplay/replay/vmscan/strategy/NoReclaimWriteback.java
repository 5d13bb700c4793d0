package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;

/**
 * {@code no-reclaim-writeback}, what Linux does since ->writepage left reclaim (mm/vmscan.c
 * shrink_folio_list(), 6.17+): reclaim never writes a file page. It counts NR_VMSCAN_IMMEDIATE, sets
 * PG_reclaim so that the page rotates to the inactive tail when its writeback ends, and keeps it
 * (activated, since 4.11): {@link ReclaimContext#keepForFlusher}; but up to 6.18 kswapd activates a
 * page it meets again on a PGDAT_DIRTY node without marking it
 * ({@link io.wbreplay.replay.KernelEra#kswapdRetriesDirtyOnDirtyNode()}). The era decides how the
 * flusher is woken and how reclaim waits.
 */
public final class NoReclaimWriteback implements ReclaimWritebackStrategy {
    public static final String NAME = "no-reclaim-writeback";

    @Override
    public boolean keepsReferencedDirty() {
        return false;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        return (page, sc) -> {
            if (ctx.config().kernel.kswapdRetriesDirtyOnDirtyNode() && ctx.kswapdMeetsMarkedPageOnDirtyNode(page, sc)) {
                // pageout() without ->writepage: PAGE_ACTIVATE; a referenced page stays inactive
                return sc.keepsDirtyPage() ? PageoutResult.KEEP : PageoutResult.ACTIVATE;
            }
            return ctx.keepForFlusher(page);
        };
    }
}
