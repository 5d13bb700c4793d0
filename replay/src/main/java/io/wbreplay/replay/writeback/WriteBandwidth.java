package io.wbreplay.replay.writeback;

import io.wbreplay.replay.sim.Hz;

/**
 * mm/page-writeback.c wb_update_write_bandwidth() (3.1+): the device's write bandwidth in pages per
 * second, write_bandwidth smoothed over roundup_pow_of_two(3 * HZ) jiffies (4.096 s) and
 * avg_write_bandwidth, which follows it by an eighth of the gap only while both moved the same way
 * ("one more level of smoothing, for filtering out sudden spikes"). The avg is what dirty throttling,
 * the dirty ratelimit and writeback_chunk_size() read. Both start at INIT_BW (100 MB/s), as wb_init()
 * sets them, unless a recording says otherwise: a device carries both over from whatever wrote to it
 * before, and an avg below a falling write_bandwidth stays where it is.
 */
public final class WriteBandwidth {
    /** INIT_BW: 100 MB/s in pages per second. */
    public static final long INIT_BW = (100L << 20) >> 12;
    /** roundup_pow_of_two(3 * HZ) jiffies. */
    static final long PERIOD = Long.highestOneBit(3L * Hz.HZ - 1) << 1;

    private long writeBandwidth;
    private long avgWriteBandwidth;

    public WriteBandwidth(long initial) {
        this(initial, initial);
    }

    /** Starts from a device's history: write_bandwidth {@code raw}, avg_write_bandwidth {@code avg}, pages per second. */
    public WriteBandwidth(long raw, long avg) {
        this.writeBandwidth = raw;
        this.avgWriteBandwidth = avg;
    }

    /** One update: {@code written} pages completed in {@code elapsed} jiffies (at least 1). */
    void update(long elapsed, long written) {
        long bw = Math.max(written, 0) * Hz.HZ;
        long avg = avgWriteBandwidth;
        long old = writeBandwidth;
        if (elapsed > PERIOD) {
            bw /= elapsed;
            avg = bw;
        } else {
            bw += old * (PERIOD - elapsed);
            bw >>= Long.numberOfTrailingZeros(PERIOD);
            if (avg > old && old >= bw) {
                avg -= (avg - old) >> 3;
            }
            if (avg < old && old <= bw) {
                avg += (old - avg) >> 3;
            }
        }
        writeBandwidth = bw;
        avgWriteBandwidth = Math.max(avg, 1);
    }

    /** avg_write_bandwidth, pages per second. */
    public double pagesPerSecond() {
        return avgWriteBandwidth;
    }

    /** write_bandwidth, pages per second (the first level). */
    public long writeBandwidth() {
        return writeBandwidth;
    }
}
