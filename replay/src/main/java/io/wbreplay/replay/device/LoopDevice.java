package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;

/**
 * drivers/block/loop.c with direct I/O (losetup --direct-io=on), as the recordings use it to stand in
 * for a slow disk behind blk-throttle ({@link io.wbreplay.replay.block.BlkThrottle}): each request is an
 * O_DIRECT write or read of the backing file. Served one after another, each taking a command cost plus
 * its bytes at a rate: the line through two measurements on the project's machine (fio, libaio,
 * iodepth 8, on a --direct-io=on loop device over a file on the guest's virtio disk, 2026-12-07):
 * 4 KiB random writes at 39,718 IOPS, 1,280 KiB writes at 2,183,067 KiB/s (the mean of three runs:
 * 2,234,206, 1,851,146 and 2,463,849). No positioning cost.
 *
 * <p>The same command does not take the same time twice (the host's page cache and disk underneath):
 * one at a time (iodepth 1), 1,280 KiB random writes completed in 238 / 298 / 490 us at the 10th / 50th
 * / 90th percentile. {@link Devices#create(String, long, boolean, double)} puts the device behind a
 * {@link ServiceTimeJitter} of {@link #SPREAD}, the uniform spread with that 10th-90th percentile range
 * (a uniform factor in [1 - s, 1 + s] has its 10th and 90th percentiles at 1 -/+ 0.8 s). Without it,
 * a throttled device's completions would repeat to the nanosecond every slice, and whether the
 * writeback side's bandwidth updates leave balance_dirty_pages() any would hang on that coincidence.
 */
public final class LoopDevice implements Device {
    /** One 4 KiB write at the measured IOPS. */
    static final double SMALL_NS = 1e9 / 39_718;
    /** One 1,280 KiB write at the measured rate. */
    static final double LARGE_NS = 1280 * 1e9 / 2_183_067;
    /** Bytes per second, from the two. */
    static final double BYTES_PER_SECOND = (1280 - 4) * 1024 * 1e9 / (LARGE_NS - SMALL_NS);
    /** What a command costs besides its bytes. */
    static final double COMMAND_NS = SMALL_NS - 4096 * 1e9 / BYTES_PER_SECOND;
    /** 10th, 50th and 90th percentile of one 1,280 KiB direct write's completion time, us (fio, iodepth 1). */
    static final double P10_US = 238;
    static final double P50_US = 298;
    static final double P90_US = 490;
    /** The spread of a uniform factor with the measured 10th-90th percentile range: 0.53. */
    public static final double SPREAD = (P90_US - P10_US) / (2 * 0.8 * P50_US);
    /** struct loop_device's tag set: hw_queue_depth, default 128. */
    static final int QUEUE_DEPTH = 128;
    private static final long CAPACITY_SECTORS = 1L << 40;

    @Override
    public String name() {
        return "loop";
    }

    @Override
    public long capacitySectors() {
        return CAPACITY_SECTORS;
    }

    @Override
    public long bandwidthBytesPerSecond() {
        return Math.round(BYTES_PER_SECOND);
    }

    @Override
    public int queueDepth() {
        return QUEUE_DEPTH;
    }

    @Override
    public int parallelUnits() {
        return 1;
    }

    @Override
    public long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op) {
        return Math.round(COMMAND_NS + bytes * 1e9 / BYTES_PER_SECOND);
    }

    @Override
    public long cacheFlushNs() {
        return Math.round(COMMAND_NS);
    }
}
