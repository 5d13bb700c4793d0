package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.EventLoop;

/**
 * mm/memcontrol.c flush_memcg_stats_dwork(): the memory cgroup statistics that lruvec_page_state()
 * returns are per-CPU deltas folded in by an rstat flush, which a delayed work runs every FLUSH_TIME
 * (2 s). Since 6.12 ("memcg: use ratelimited stats flush in the reclaim", Shakeel Butt)
 * prepare_scan_control() flushes only when that work is a whole period late, so inactive_is_low() reads
 * the LRU sizes (and the WORKINGSET_ACTIVATE_FILE count that prepare_scan_control() compares with
 * its last snapshot) of the last periodic flush, up to 2 s old. A task reading memory.stat flushes too
 * (memcg_stat_show() -> mem_cgroup_flush_stats()). Flushes fall at multiples of FLUSH_TIME, and of the
 * read interval, from the start of the run; the sizes a flush saw are those before the first change
 * after it.
 */
final class MemcgStatsFlush {
    static final long FLUSH_TIME_NS = 2_000_000_000L;

    private final EventLoop clock;
    /** How often a task reads memory.stat, or 0. */
    private final long readNs;
    private final int[] flushed = new int[2];
    private long flushedRefaultActivations;
    /** When the next periodic flush falls. */
    private long next;

    /** Starts with the counts of now, as if flushed just before the run. */
    MemcgStatsFlush(EventLoop clock, long readNs, int[] size, long refaultActivations) {
        this.clock = clock;
        this.readNs = readNs;
        flush(size, refaultActivations);
    }

    /** memcg_rstat_updated(): called before the counts change; a flush that fell since saw them as they are. */
    void updated(int[] size, long refaultActivations) {
        if (clock.now() >= next) {
            flush(size, refaultActivations);
        }
    }

    /** lruvec_page_state(): the size of {@code list} at the last flush. */
    int read(int[] size, long refaultActivations, int list) {
        updated(size, refaultActivations);
        return flushed[list];
    }

    /** lruvec_page_state(WORKINGSET_ACTIVATE_FILE) at the last flush. */
    long readRefaultActivations(int[] size, long refaultActivations) {
        updated(size, refaultActivations);
        return flushedRefaultActivations;
    }

    private void flush(int[] size, long refaultActivations) {
        flushed[Lru.INACTIVE] = size[Lru.INACTIVE];
        flushed[Lru.ACTIVE] = size[Lru.ACTIVE];
        flushedRefaultActivations = refaultActivations;
        long now = clock.now();
        next = (now / FLUSH_TIME_NS + 1) * FLUSH_TIME_NS;
        if (readNs > 0) {
            next = Math.min(next, (now / readNs + 1) * readNs);
        }
    }
}
