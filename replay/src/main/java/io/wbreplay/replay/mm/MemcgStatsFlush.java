package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.EventLoop;

/**
 * mm/memcontrol.c flush_memcg_stats_dwork(): the memory cgroup statistics that lruvec_page_state()
 * returns are per-CPU deltas folded in by an rstat flush, which a delayed work runs every FLUSH_TIME
 * (2 s). Since 6.12 ("memcg: use ratelimited stats flush in the reclaim", Shakeel Butt)
 * prepare_scan_control() flushes only when that work is a whole period late, so inactive_is_low() reads
 * the LRU sizes of the last periodic flush, up to 2 s old. A task reading memory.stat flushes too
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
    /** When the next periodic flush falls. */
    private long next;

    /** Starts with the sizes of now, as if flushed just before the run. */
    MemcgStatsFlush(EventLoop clock, long readNs, int[] size) {
        this.clock = clock;
        this.readNs = readNs;
        flush(size);
    }

    /** memcg_rstat_updated(): called before {@code size} changes; a flush that fell since saw it as it is. */
    void updated(int[] size) {
        if (clock.now() >= next) {
            flush(size);
        }
    }

    /** lruvec_page_state(): the size of {@code list} at the last flush. */
    int read(int[] size, int list) {
        updated(size);
        return flushed[list];
    }

    private void flush(int[] size) {
        flushed[Lru.INACTIVE] = size[Lru.INACTIVE];
        flushed[Lru.ACTIVE] = size[Lru.ACTIVE];
        long now = clock.now();
        next = (now / FLUSH_TIME_NS + 1) * FLUSH_TIME_NS;
        if (readNs > 0) {
            next = Math.min(next, (now / readNs + 1) * readNs);
        }
    }
}
