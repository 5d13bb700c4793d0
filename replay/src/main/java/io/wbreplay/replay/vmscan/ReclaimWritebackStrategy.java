package io.wbreplay.replay.vmscan;

import java.util.Map;

/**
 * What page reclaim does with a dirty page it wants to free: the one decision the strategies differ
 * in. Each strategy is one small class; {@link ReclaimStrategies} lists them by name. One instance
 * serves a whole run (state shared by all reclaiming tasks, such as a work queue, lives here); each
 * reclaiming task (kswapd, every writer in direct reclaim) gets its own {@link Pageout}, because a
 * pageout may sleep half-way and resume.
 */
public interface ReclaimWritebackStrategy {
    /** The name users pass to {@code --strategy}. */
    String name();

    /** The per-task half, for the reclaiming task of {@code ctx}. */
    Pageout newPageout(ReclaimContext ctx);

    /**
     * Whether a dirty page that was referenced (page_check_references(): PAGEREF_RECLAIM_CLEAN) or met
     * without __GFP_FS is kept before the strategy sees it, as for every strategy that writes; a
     * strategy whose kernel marks dirty pages for immediate reclaim first (that check comes before
     * the references in shrink_page_list() since 3.2) answers false and reads
     * {@link ScanControl#referenced} itself.
     */
    default boolean keepsReferencedDirty() {
        return true;
    }

    /**
     * The strategy's own counters for summary.json's {@code strategyCounters}, by name in a stable
     * order (for example the pageout work queue's); none by default.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }
}
