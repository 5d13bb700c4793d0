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

    /** The per-task half, for the task that owns {@code reclaimer}. */
    Pageout newPageout(Reclaimer reclaimer);

    /**
     * Whether direct reclaim wakes the flusher after scanning 1.5 times its goal, as
     * do_try_to_free_pages() did from 2.6.32 until 4.12 (the kernels these strategies were written for);
     * today's kernel wakes it from shrink_inactive_list() instead, when a batch is all unqueued dirty pages.
     */
    default boolean wakesFlusherFromDirectReclaim() {
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
