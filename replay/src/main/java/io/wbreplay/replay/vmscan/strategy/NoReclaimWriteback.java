package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.Reclaimer;
import io.wbreplay.replay.vmscan.ScanControl;

/**
 * {@code no-reclaim-writeback}, what Linux does since ->writepage left reclaim (mm/vmscan.c
 * shrink_folio_list(), 6.17+): reclaim never writes a file page. It counts NR_VMSCAN_IMMEDIATE, sets
 * PG_reclaim so that the page rotates to the inactive tail when its writeback ends, and keeps it
 * (activated, since 4.11); the era decides how the flusher is woken and how reclaim waits.
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
    public Pageout newPageout(Reclaimer reclaimer) {
        return (page, sc) -> keepForFlusher(reclaimer, page, sc);
    }

    /**
     * Marks {@code page} for immediate reclaim once written (NR_VMSCAN_IMMEDIATE, PG_reclaim) and keeps
     * it: activated since 4.11 ("move dirty pages out of the way until they're flushed"), on the
     * inactive list before. Waking the flusher is the era's business (per batch or per pass).
     */
    static PageoutResult keepForFlusher(Reclaimer reclaimer, int page, ScanControl sc) {
        Kernel k = reclaimer.kernel();
        k.vmstat.inc(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM);
        k.pages.set(page, Pages.PG_reclaim);
        return k.config.kernel.activatesDirty ? PageoutResult.ACTIVATE : PageoutResult.KEEP;
    }
}
