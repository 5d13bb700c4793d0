package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;

/**
 * A fast device behind block/blk-throttle.c's write limits (the cgroup's blkio.throttle.write_bps_device
 * and write_iops_device), as a loop device throttled to stand in for a slow disk: a write takes the
 * longer of its bytes at the byte rate and one I/O at the IOPS rate, one after another; reads,
 * discards and flushes are not throttled and take {@link #FAST_NS}. No positioning cost.
 */
public final class ThrottledDevice implements Device {
    /** What an unthrottled command on the fast device underneath costs (a page-cache-backed loop device). */
    static final long FAST_NS = 20_000;
    private static final long CAPACITY_SECTORS = 1L << 40;

    private final long writeBytesPerSecond;
    private final long writeIops;

    public ThrottledDevice(long writeBytesPerSecond, long writeIops) {
        if (writeBytesPerSecond <= 0 || writeIops <= 0) {
            throw new IllegalArgumentException("a throttled device needs a positive byte rate and IOPS, not "
                    + writeBytesPerSecond + " B/s and " + writeIops + " IOPS");
        }
        this.writeBytesPerSecond = writeBytesPerSecond;
        this.writeIops = writeIops;
    }

    @Override
    public String name() {
        return "throttled";
    }

    @Override
    public long capacitySectors() {
        return CAPACITY_SECTORS;
    }

    @Override
    public long bandwidthBytesPerSecond() {
        return writeBytesPerSecond;
    }

    @Override
    public int queueDepth() {
        return 1;
    }

    @Override
    public int parallelUnits() {
        return 1;
    }

    @Override
    public long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op) {
        if (op != Operation.WRITE) {
            return FAST_NS;
        }
        long byBytes = Math.round(bytes * 1e9 / writeBytesPerSecond);
        long byIops = Math.round(1e9 / writeIops);
        return Math.max(byBytes, byIops);
    }

    @Override
    public long cacheFlushNs() {
        return FAST_NS;
    }
}
