package io.wbreplay.replay.writeback;

/**
 * mm/page-writeback.c wb_update_dirty_ratelimit() (3.2+): the bdi's dirty_ratelimit, the rate in pages
 * per second that balance_dirty_pages() lets each writer dirty at the setpoint (times pos_ratio
 * elsewhere). It starts at INIT_BW (100 MB/s) and moves towards the balanced rate task_ratelimit x
 * write_bw / dirty_rate, capped at write_bw (avg_write_bandwidth), only while the dirty pages' position
 * agrees: up when below the setpoint, down when above, in steps of an eighth of the gap shrunk further
 * when the gap is small. So N writers settle at write_bw / N each, while writers far below the setpoint
 * (a dirty limit left high, see update_dirty_limit()) keep the rate they had.
 */
public final class DirtyRatelimit {
    /** RATELIMIT_CALC_SHIFT: pos_ratio is a fixed-point number with this many fraction bits. */
    public static final int RATELIMIT_CALC_SHIFT = 10;

    private long dirtyRatelimit;
    private long balancedDirtyRatelimit;

    /** wb_init(): both rates start at {@code initial} pages per second (INIT_BW unless a recording says). */
    public DirtyRatelimit(long initial) {
        this.dirtyRatelimit = Math.max(initial, 1);
        this.balancedDirtyRatelimit = this.dirtyRatelimit;
    }

    /** Pages per second (at least 1). */
    public long get() {
        return dirtyRatelimit;
    }

    /**
     * One update with the pages dirtied per second since the last bandwidth update, the write bandwidth
     * (avg_write_bandwidth, pages per second), pos_ratio ({@link #RATELIMIT_CALC_SHIFT} fixed point), and
     * the dirty pages against the setpoint.
     */
    public void update(long dirtyRate, long writeBw, long posRatio, long dirty, long setpoint) {
        long taskRatelimit = (dirtyRatelimit * posRatio >> RATELIMIT_CALC_SHIFT) + 1;
        long balanced = taskRatelimit * writeBw / (dirtyRate | 1);
        balanced = Math.min(balanced, writeBw);
        long step = 0;
        if (dirty < setpoint) {
            long x = Math.min(balancedDirtyRatelimit, Math.min(balanced, taskRatelimit));
            if (dirtyRatelimit < x) {
                step = x - dirtyRatelimit;
            }
        } else {
            long x = Math.max(balancedDirtyRatelimit, Math.max(balanced, taskRatelimit));
            if (dirtyRatelimit > x) {
                step = dirtyRatelimit - x;
            }
        }
        // a small relative error moves the rate even more slowly (step >>= rate / (2 step + 1))
        long shift = dirtyRatelimit / (2 * step + 1);
        step = shift < 64 ? ((step >> shift) + 7) / 8 : 0;
        dirtyRatelimit += dirtyRatelimit < balanced ? step : -step;
        dirtyRatelimit = Math.max(dirtyRatelimit, 1);
        balancedDirtyRatelimit = balanced;
    }
}
