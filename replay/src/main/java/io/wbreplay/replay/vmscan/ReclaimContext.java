package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.hazard.HazardChecker;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.writeback.Flusher;
import io.wbreplay.replay.writeback.WriteCachePages;

/**
 * What a reclaim writeback strategy may use, for one reclaiming task (kswapd, or a writer in direct
 * reclaim): the page cache it works on, shrink_page_list()'s own rules for a dirty page (may it be
 * written, or is it marked for immediate reclaim and kept), the ways to write (->writepage,
 * ->writepages, the flusher), and reclaim's accounting. Strategies see nothing else of the machine.
 */
public interface ReclaimContext {
    /** The reclaiming task. */
    Task task();

    CoreConfig config();

    Pages pages();

    PageCache cache();

    HazardChecker hazards();

    /**
     * sc->may_writepage and may_write_to_queue(): kswapd (PF_SWAPWRITE) always, a writer into the same
     * device (current->backing_dev_info) always, anyone else only while the queue is not write-congested.
     */
    boolean mayWrite(ScanControl sc);

    /**
     * Marks {@code page} for immediate reclaim once written (NR_VMSCAN_IMMEDIATE, PG_reclaim) and keeps
     * it: activated since 4.11 ("move dirty pages out of the way until they're flushed"), on the
     * inactive list before. Waking the flusher is the era's business (per batch or per pass).
     */
    PageoutResult keepForFlusher(int page);

    /** PGDAT_DIRTY: the node's LRU tail was all dirty pages not queued for I/O (4.11+). */
    boolean nodeDirty();

    /**
     * shrink_page_list() from 4.11: kswapd meets a dirty page it already marked (PG_reclaim) on a node
     * flagged PGDAT_DIRTY, so the page goes on to pageout() instead of being marked again.
     */
    default boolean kswapdMeetsMarkedPageOnDirtyNode(int page, ScanControl sc) {
        return sc.kswapd && pages().test(page, Pages.PG_reclaim) && nodeDirty();
    }

    /** ->writepage of locked pages by this task ({@link PageoutIo}). */
    PageoutIo newPageoutIo();

    /** ->writepages (write_cache_pages()) by {@code task}: this one, or the flusher running a strategy's work. */
    WriteCachePages newWriteCachePages(Task task);

    /** NR_VMSCAN_WRITE for {@code pages} written in this task's reclaim. */
    void accountVmscanWrite(long pages);

    /** Pages written, by whom (summary.json's written-by counts). */
    void accountWritten(IoOrigin origin, long pages);

    /** An iput_final() run by {@code task}, not the file's own writer. */
    void iputFinal(Task task, Inode inode);

    /** The pages of the current batch the strategy deferred ({@link PageoutResult#DEFER}), in batch order. */
    int deferredCount();

    int deferred(int i);

    /** The flusher, as linux/writeback.h offers it to reclaim. */
    Flusher flusher();

    /** reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK) of this task: sleep up to {@code ns}, woken early as writeback completes. */
    void reclaimThrottle(long ns);
}
