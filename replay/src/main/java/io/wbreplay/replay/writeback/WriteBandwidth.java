package io.wbreplay.replay.writeback;

/**
 * mm/page-writeback.c bdi_update_write_bandwidth(): the device's write bandwidth in pages per second,
 * sampled from pages written at most every 200 ms and smoothed over a 3 s period; starts at
 * INIT_BW (100 MB/s).
 */
public final class WriteBandwidth {
    private static final long INTERVAL_NS = 200_000_000L;
    private static final long PERIOD_NS = 3_000_000_000L;
    /** INIT_BW: 100 MB/s in pages per second. */
    public static final double INIT_BW = 100.0 * 1024 * 1024 / 4096;

    private double avg = INIT_BW;
    private long stampNs;
    private long writtenAtStamp;

    /** Updates from the count of pages written so far; cheap to call often. */
    public void update(long nowNs, long writtenPages) {
        long elapsed = nowNs - stampNs;
        if (elapsed < INTERVAL_NS) {
            return;
        }
        double bw = (writtenPages - writtenAtStamp) * 1e9 / elapsed;
        if (elapsed >= PERIOD_NS) {
            avg = bw;
        } else {
            avg = (avg * (PERIOD_NS - elapsed) + bw * elapsed) / PERIOD_NS;
        }
        stampNs = nowNs;
        writtenAtStamp = writtenPages;
    }

    /** Pages per second. */
    public double pagesPerSecond() {
        return avg;
    }
}
