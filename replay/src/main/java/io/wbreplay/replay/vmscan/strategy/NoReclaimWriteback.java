package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.Reclaimer;
import io.wbreplay.replay.vmscan.ScanControl;

/**
 * {@code no-reclaim-writeback}, what Linux does today (mm/vmscan.c shrink_folio_list(), 5.x-6.x):
 * reclaim never writes a file page. It counts NR_VMSCAN_IMMEDIATE, sets PG_reclaim so that the page
 * rotates to the inactive tail when its writeback ends, keeps it, and wakes the flusher;
 * shrink_inactive_list() then throttles reclaim on writeback (reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK)).
 */
public final class NoReclaimWriteback implements ReclaimWritebackStrategy {
    public static final String NAME = "no-reclaim-writeback";

    @Override
    public boolean wakesFlusherFromDirectReclaim() {
        return false; // since 4.12 only shrink_inactive_list() wakes it, when a batch is all unqueued dirty pages
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pageout newPageout(Reclaimer reclaimer) {
        return (page, sc) -> keepForFlusher(reclaimer, page, sc);
    }

    /** Marks {@code page} for immediate reclaim once written, wakes the flusher for it, and keeps it. */
    static PageoutResult keepForFlusher(Reclaimer reclaimer, int page, ScanControl sc) {
        reclaimer.kernel().vmstat.inc(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM);
        reclaimer.kernel().pages.set(page, Pages.PG_reclaim);
        sc.batchImmediate++;
        reclaimer.wakeFlusherForReclaim(1);
        return PageoutResult.KEEP;
    }
}
