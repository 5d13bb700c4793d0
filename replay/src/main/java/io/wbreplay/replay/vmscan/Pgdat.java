package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.Kcompactd;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.writeback.Flusher;

/**
 * include/linux/mmzone.h struct pglist_data as reclaim sees it (one node): its kswapd, kcompactd (with
 * large folios) and reclaim throttle, and what reclaim reaches beyond mm: the flusher, through {@link Flusher} alone
 * (linux/writeback.h), and the run's reclaim writeback strategy.
 */
public final class Pgdat {
    public final Kernel k;
    public final Flusher flusher;
    public final ReclaimWritebackStrategy strategy;
    public final ReclaimThrottle throttle;
    public final Kswapd kswapd;
    /** pgdat->kcompactd, where the era compacts (large page-cache folios), else null. */
    public final Kcompactd kcompactd;

    public Pgdat(Kernel k, Flusher flusher, ReclaimWritebackStrategy strategy) {
        this.k = k;
        this.flusher = flusher;
        this.strategy = strategy;
        this.kcompactd = k.compaction == null ? null : new Kcompactd(k.loop, k.compaction, k.vmstat, k.zones.length,
                k.config.cpus - 1, k.config.kernel.timerWheelRoundsUp()); // beside kswapd, off the workload's CPU 0
        this.kswapd = new Kswapd(this);
        this.throttle = new ReclaimThrottle(k, kswapd::hopeless);
    }

    /** NR_VMSCAN_WRITE: {@code pages} written by reclaim in {@code task}'s context, kswapd or direct. */
    public void accountVmscanWrite(Task task, long pages) {
        k.vmstat.add(VmItem.NR_VMSCAN_WRITE, pages);
        k.vmstat.add(task == kswapd ? VmItem.VMSCAN_WRITE_KSWAPD : VmItem.VMSCAN_WRITE_DIRECT, pages);
    }
}
