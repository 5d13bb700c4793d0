package io.wbreplay.replay.writeback;

/**
 * mm/page-writeback.c wb_update_dirty_ratelimit() (3.2+): the bdi's dirty_ratelimit, the rate in pages
 * per second that balance_dirty_pages() lets each writer dirty at the setpoint (times pos_ratio
 * elsewhere). It starts at INIT_BW (100 MB/s) and moves towards the balanced rate task_ratelimit x
 * write_bw / dirty_rate, capped at write_bw, only while the dirty pages' position agrees: up when below
 * the setpoint, down when above, in steps of an eighth of the gap shrunk further when the gap is small.
 * So N writers settle at write_bw / N each, while writers far below the setpoint (a dirty limit left
 * high, see update_dirty_limit()) keep the initial 100 MB/s.
 */
public final class DirtyRatelimit {
    /** INIT_BW: 100 MB/s in pages per second. */
    static final long INIT_BW = (100L << 20) >> 12;

    private long dirtyRatelimit = INIT_BW;
    private long balancedDirtyRatelimit = INIT_BW;
    private long dirtiedStamp;

    /** Pages per second (at least 1). */
    public long get() {
        return dirtyRatelimit;
    }

    /**
     * One update, {@code elapsedNs} after the last, with {@code dirtied} pages dirtied in all so far
     * (NR_DIRTIED), the write bandwidth in pages per second, the global pos_ratio, and the dirty pages
     * against the setpoint.
     */
    public void update(long dirtied, long elapsedNs, long writeBw, double posRatio, long dirty, long setpoint) {
        long dirtyRate = elapsedNs <= 0 ? 0 : (long) ((dirtied - dirtiedStamp) * 1e9 / elapsedNs);
        dirtiedStamp = dirtied;
        long taskRatelimit = (long) (dirtyRatelimit * posRatio) + 1;
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

    /** Starts the dirtied count without an update (the first call of a run). */
    void stamp(long dirtied) {
        dirtiedStamp = dirtied;
    }
}
