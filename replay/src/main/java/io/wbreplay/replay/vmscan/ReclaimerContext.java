package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.hazard.HazardChecker;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.writeback.Flusher;
import io.wbreplay.replay.writeback.WriteCachePages;

/** The {@link ReclaimContext} of one {@link Reclaimer}: the node's state seen from its task. */
final class ReclaimerContext implements ReclaimContext {
    private final Pgdat pgdat;
    private final Kernel k;
    private final Reclaimer reclaimer;

    ReclaimerContext(Pgdat pgdat, Reclaimer reclaimer) {
        this.pgdat = pgdat;
        this.k = pgdat.k;
        this.reclaimer = reclaimer;
    }

    @Override
    public Task task() {
        return reclaimer.task();
    }

    @Override
    public CoreConfig config() {
        return k.config;
    }

    @Override
    public Pages pages() {
        return k.pages;
    }

    @Override
    public PageCache cache() {
        return k.cache;
    }

    @Override
    public HazardChecker hazards() {
        return k.hazards;
    }

    @Override
    public boolean mayWrite(ScanControl sc) {
        return sc.mayWritepage && (sc.kswapd || sc.currentBdi || !k.queue.writeCongested());
    }

    @Override
    public PageoutResult keepForFlusher(int page) {
        k.vmstat.inc(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM);
        k.pages.set(page, Pages.PG_reclaim);
        return k.config.kernel.activatesDirty ? PageoutResult.ACTIVATE : PageoutResult.KEEP;
    }

    @Override
    public boolean nodeDirty() {
        return k.zone.flagDirty;
    }

    @Override
    public PageoutIo newPageoutIo() {
        return new PageoutIo(pgdat, reclaimer.task());
    }

    @Override
    public WriteCachePages newWriteCachePages(Task task) {
        return new WriteCachePages(k, task);
    }

    @Override
    public void accountVmscanWrite(long pages) {
        pgdat.accountVmscanWrite(reclaimer.task(), pages);
    }

    @Override
    public void accountWritten(IoOrigin origin, long pages) {
        k.accountWritten(origin, pages);
    }

    @Override
    public void iputFinal(Task task, Inode inode) {
        k.iputFinalBy(task, inode);
    }

    @Override
    public int deferredCount() {
        return reclaimer.deferredCount();
    }

    @Override
    public int deferred(int i) {
        return reclaimer.deferred(i);
    }

    @Override
    public Flusher flusher() {
        return pgdat.flusher;
    }

    @Override
    public void reclaimThrottle(long ns) {
        pgdat.throttle.reclaimThrottle(reclaimer.task(), ns, null);
    }
}
