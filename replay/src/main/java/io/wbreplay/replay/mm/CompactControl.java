package io.wbreplay.replay.mm;

import java.util.ArrayDeque;

/**
 * mm/internal.h struct compact_control: one compaction of one zone as it runs, round after round (a
 * direct compaction's rounds follow at once, kcompactd's take its time: {@link Kcompactd}). The free
 * blocks it has isolated stay out of the free lists until it ends.
 */
final class CompactControl {
    final int zone;
    final int order;
    /** cc->direct_compaction and MIGRATE_ASYNC (else MIGRATE_SYNC_LIGHT). */
    final boolean direct;
    final boolean async;
    /** cc->migrate_pfn and cc->free_pfn: the two scanners. */
    int migrate;
    int free;
    int searchOrder;
    int fastSearchFail;
    int fastStartPfn;
    /** compact_zone()'s last_migrated_pfn: the pageblock of the last isolation (-1: none since the last drain). */
    int lastMigratedPfn = -1;
    /** cc->finish_pageblock: this round isolates the rest of the pageblock, not COMPACT_CLUSTER_MAX pages. */
    boolean finishPageblock;
    /** isolate_migratepages()'s update_cached: the async cached scanner still equals the sync one. */
    boolean updateCached;
    /** cc->freepages[order]: the free blocks isolated as targets, whole, and cc->nr_freepages. */
    @SuppressWarnings("unchecked")
    final ArrayDeque<Integer>[] freepages = new ArrayDeque[FreeArea.NR_PAGE_ORDERS];
    long nrFreepages;

    CompactControl(int zone, int order, boolean direct, boolean async) {
        this.zone = zone;
        this.order = order;
        this.direct = direct;
        this.async = async;
        for (int o = 0; o < freepages.length; o++) {
            freepages[o] = new ArrayDeque<>();
        }
    }
}
